import ResidualSRCore
import ResidualSRImage

/// The one path from a decoded image to its upscaled rows, shared by `rsr upscale`, `rsr residual` and
/// the server.
///
/// - Colour planes go through `upscaler`; alpha through `alphaUpscaler` (bicubic by default: the
///   network was trained on colour, and alpha edges - cut-outs, anti-aliased shapes - must stay where
///   they are, not be "enhanced").
/// - Colour is upscaled as stored: straight (unassociated) alpha, which is what PNG holds.
///   Premultiplying first would hand the network dark, half-faded colours along every soft edge (it
///   was trained on opaque photos), and dividing them back out amplifies its error where alpha is
///   small: the classic dark fringe. Straight colour has its own, milder caveat: colour hidden under
///   alpha = 0 still takes part in interpolating its visible neighbours, so a file whose transparent
///   pixels hold black can show a thin dark edge. Most exporters keep the real colour there.
/// - Gray in, gray out: the gray plane is run as R = G = B and the output's BT.601 luma kept.
/// - The source's bit depth and ICC profile are the output's (the caller writes them).
/// - Work goes band by band over a `TileGrid` sized from the memory budget (`TileRunner`). `forEachRows` quantises
///   each tile straight into the band's interleaved output rows, so neither the float output nor even
///   a float band of a large image ever exists whole.
/// - An exact size (`OutputSize`) that is not an integer multiple runs the smallest upscaler that
///   reaches it, then shrinks each band's float rows to the exact size as they come
///   (`BicubicRowResampler`), still streaming: memory stays bounded by a band.
public struct UpscalePipeline: Sendable {
    /// The upscalers it may run, one per integer scale: one for a plain `--scale 3`, the shipped
    /// x2/x3/x4 when an exact size may need any of them.
    public var upscalers: [any Upscaler]
    /// What to produce; the default is the (first) upscaler's own scale.
    public var size: OutputSize
    public var budget: TilingBudget
    /// Fixed tile side (`--tile`); nil derives it from `budget`.
    public var tileSize: Int?

    /// Exactly `upscaler.scale` times the input.
    public init(upscaler: any Upscaler, budget: TilingBudget = TilingBudget(), tileSize: Int? = nil) throws {
        upscalers = [upscaler]
        size = .scale(Double(upscaler.scale))
        self.budget = budget
        self.tileSize = tileSize
    }

    public init(upscalers: [any Upscaler], size: OutputSize, budget: TilingBudget = TilingBudget(), tileSize: Int? = nil) throws {
        guard !upscalers.isEmpty else { throw RSRError(.invalidArgument, "no upscaler to run") }
        try size.validate()
        self.upscalers = upscalers.sorted { $0.scale < $1.scale }
        self.size = size
        self.budget = budget
        self.tileSize = tileSize
    }

    /// What runs for one source: the upscaler, its alpha partner, and the exact output size.
    public struct Plan: Sendable {
        public var upscaler: any Upscaler
        /// Bicubic at the same scale: the network was trained on colour, and alpha edges must stay where they are.
        public var alphaUpscaler: any Upscaler
        public var width: Int
        public var height: Int
        public var scale: Int { upscaler.scale }
        /// True when the upscaler's output is shrunk to the size (not an integer multiple).
        public var resizes: Bool
    }

    public func plan(for source: any UpscaleSource) throws -> Plan {
        let output = try size.size(width: source.width, height: source.height)
        let scale = try OutputSize.networkScale(for: output, width: source.width, height: source.height,
                                                scales: upscalers.map(\.scale))
        guard let upscaler = upscalers.first(where: { $0.scale == scale }) else { preconditionFailure("scale \(scale) was offered") }
        return Plan(upscaler: upscaler, alphaUpscaler: try BicubicUpscaler(scale: scale), width: output.width, height: output.height,
                    resizes: output.width != source.width * scale || output.height != source.height * scale)
    }

    public func outputSize(of source: any UpscaleSource) throws -> (width: Int, height: Int) {
        let plan = try plan(for: source)
        return (plan.width, plan.height)
    }

    /// The tile side used for `source`: `tileSize`, or the largest that fits the budget once the decoded
    /// source itself is paid for. A resized output holds its bands as floats.
    public func tileSide(for source: any UpscaleSource) throws -> Int {
        try tileSide(for: source, plan: plan(for: source))
    }

    func tileSide(for source: any UpscaleSource, plan: Plan) -> Int {
        if let tileSize { return max(1, tileSize) }
        var budget = self.budget
        budget.threads = tileWorkers(plan)
        budget.reserved += source.width * source.height * source.channels * (source.bitDepth / 8)
        return budget.tileSize(width: source.width, height: source.height, channels: 3 + (source.hasAlpha ? 1 : 0),
                               scale: plan.scale, contextRadius: max(plan.upscaler.contextRadius, plan.alphaUpscaler.contextRadius),
                               workingBytesPerInputPixel: plan.upscaler.workingBytesPerInputPixel,
                               outputBytesPerSample: plan.resizes ? MemoryLayout<Float>.size : source.bitDepth / 8)
    }

    /// Tiles upscaled at once: `budget.threads`, or one when the upscaler is parallel inside.
    func tileWorkers(_ plan: Plan) -> Int { plan.upscaler.usesAllCores ? 1 : budget.threads }

    func runner(for source: any UpscaleSource, plan: Plan) throws -> TileRunner {
        try TileRunner(source: source, color: plan.upscaler, alpha: plan.alphaUpscaler,
                       tileSide: tileSide(for: source, plan: plan), workers: tileWorkers(plan))
    }

    /// Upscales `source` one band at a time, top to bottom, as interleaved rows of `channels`
    /// (the source's, or its colour channels only to flatten alpha over white for JPEG) at `bitDepth`.
    /// At an integer multiple each tile is quantised straight into the band's rows.
    public func forEachRows(_ source: any UpscaleSource, channels: Int, bitDepth: Int, cancellation: CancellationFlag? = nil,
                            body: (OutputRows) throws -> Void) throws {
        let plan = try plan(for: source)
        if plan.resizes {
            try forEachResizedBand(source, plan: plan, cancellation: cancellation) { band in
                try body(band.fitted(toChannels: channels).rows(bitDepth: bitDepth))
            }
            return
        }
        let runner = try runner(for: source, plan: plan)
        let width = runner.outputWidth
        func run<Sample: FixedWidthInteger & UnsignedInteger & Sendable>(_ wrap: ([Sample]) -> OutputRows.Samples) throws {
            try runner.forEachBand(samplesPerPixel: channels, cancellation: cancellation, place: { tile, x, band, _ in
                tile.fitted(toChannels: channels).interleave(into: band, rowWidth: width, x: x)
            }, body: { firstRow, count, samples in
                try body(OutputRows(width: width, count: count, channels: channels, firstRow: firstRow, samples: wrap(samples)))
            })
        }
        if bitDepth == 16 { try run { OutputRows.Samples.sixteen($0) } } else { try run { OutputRows.Samples.eight($0) } }
    }

    /// Upscales `source` one band at a time as float planes (for callers that look at the values:
    /// residual maps, the server's whole-image responses).
    public func forEachBand(_ source: any UpscaleSource, cancellation: CancellationFlag? = nil,
                            body: (UpscaledBand) throws -> Void) throws {
        let plan = try plan(for: source)
        if plan.resizes {
            try forEachResizedBand(source, plan: plan, cancellation: cancellation, body: body)
        } else {
            try forEachFloatBand(runner(for: source, plan: plan), cancellation: cancellation) { firstRow, planes in
                try body(Self.split(planes, firstRow: firstRow, of: source))
            }
        }
    }

    /// The upscaler's bands shrunk to the plan's size row by row as they arrive; for plain bicubic,
    /// the source's own rows resized straight to that size (MATLAB `imresize(x, [H W])`).
    private func forEachResizedBand(_ source: any UpscaleSource, plan: Plan, cancellation: CancellationFlag?,
                                    body: (UpscaledBand) throws -> Void) throws {
        let planes = source.colorPlanes + (source.hasAlpha ? 1 : 0)
        if plan.upscaler.resizesInOneStep {
            var resampler = BicubicRowResampler(inputWidth: source.width, inputHeight: source.height,
                                                outputWidth: plan.width, outputHeight: plan.height, planes: planes)
            let bandHeight = tileSide(for: source, plan: plan)
            for y in stride(from: 0, to: source.height, by: bandHeight) {
                try cancellation?.check()
                let band = source.floatRegion(PixelRect(x: 0, y: y, width: source.width, height: min(bandHeight, source.height - y)),
                                              planes: 0..<planes)
                let (firstRow, rows) = resampler.push(band)
                if rows.height > 0 { try body(Self.split(rows, firstRow: firstRow, of: source)) }
            }
            return
        }
        let runner = try runner(for: source, plan: plan)
        var resampler = BicubicRowResampler(inputWidth: runner.outputWidth, inputHeight: source.height * plan.scale,
                                            outputWidth: plan.width, outputHeight: plan.height,
                                            planes: planes)
        try forEachFloatBand(runner, cancellation: cancellation) { _, planes in
            let (firstRow, rows) = resampler.push(planes)
            if rows.height > 0 { try body(Self.split(rows, firstRow: firstRow, of: source)) }
        }
    }

    /// The runner's bands as float planes, colour then alpha.
    private func forEachFloatBand(_ runner: TileRunner, cancellation: CancellationFlag?,
                                  body: (_ firstRow: Int, _ planes: FloatImage) throws -> Void) throws {
        let width = runner.outputWidth
        let planes = runner.source.colorPlanes + (runner.source.hasAlpha ? 1 : 0)
        try runner.forEachBand(samplesPerPixel: planes, cancellation: cancellation, place: { tile, x, band, height in
            let stacked = tile.alpha.map { FloatImage.stacking([tile.color, $0]) } ?? tile.color
            stacked.copyPlanes(into: band, width: width, height: height, x: x)
        }, body: { firstRow, count, pixels in
            try body(firstRow, FloatImage(width: width, height: count, channels: planes, pixels: pixels))
        })
    }

    private static func split(_ planes: FloatImage, firstRow: Int, of source: any UpscaleSource) -> UpscaledBand {
        let colorPlanes = source.colorPlanes
        return UpscaledBand(firstRow: firstRow, color: planes.planes(0..<colorPlanes),
                            alpha: planes.channels > colorPlanes ? planes.planes(colorPlanes..<planes.channels) : nil)
    }

    /// The whole output at once, for callers that need it in memory (residual maps, small server
    /// requests). Prefer `forEachRows` for anything that is only written out.
    public func upscaleWhole(_ source: any UpscaleSource, cancellation: CancellationFlag? = nil) throws -> UpscaledBand {
        var colors: [FloatImage] = [], alphas: [FloatImage] = []
        try forEachBand(source, cancellation: cancellation) { band in
            colors.append(band.color)
            if let alpha = band.alpha { alphas.append(alpha) }
        }
        return UpscaledBand(firstRow: 0, color: FloatImage.concatenatingRows(colors),
                            alpha: alphas.isEmpty ? nil : FloatImage.concatenatingRows(alphas))
    }

    /// `image` upscaled, in memory, with its channels, bit depth, ICC profile and PNG colour chunks
    /// (for the server and other callers that want an `Image` back rather than a file). Upright: the
    /// result carries orientation 1. Batch runs stream rows to disk instead (`forEachRows`).
    public func upscale(_ image: Image, cancellation: CancellationFlag? = nil) throws -> Image {
        let (width, height) = try outputSize(of: image)
        var eight: [UInt8] = [], sixteen: [UInt16] = []
        let total = width * height * image.channels
        if image.bitDepth == 16 { sixteen.reserveCapacity(total) } else { eight.reserveCapacity(total) }
        try forEachRows(image, channels: image.channels, bitDepth: image.bitDepth, cancellation: cancellation) { rows in
            switch rows.samples {
            case .eight(let samples): eight += samples
            case .sixteen(let samples): sixteen += samples
            }
        }
        return Image(width: width, height: height, channels: image.channels,
                     samples: image.bitDepth == 16 ? .sixteen(sixteen) : .eight(eight), iccProfile: image.iccProfile,
                     orientation: 1, format: image.format, pngColor: image.pngColor)
    }
}
