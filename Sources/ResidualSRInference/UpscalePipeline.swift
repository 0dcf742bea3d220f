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
/// - Work goes band by band over a `TileGrid` sized from the memory budget. `forEachRows` quantises
///   each tile straight into the band's interleaved output rows, so neither the float output nor even
///   a float band of a large image ever exists whole.
public struct UpscalePipeline: Sendable {
    public var upscaler: any Upscaler
    public var alphaUpscaler: any Upscaler
    public var budget: TilingBudget
    /// Fixed tile side (`--tile`); nil derives it from `budget`.
    public var tileSize: Int?

    public init(upscaler: any Upscaler, budget: TilingBudget = TilingBudget(), tileSize: Int? = nil,
                alphaUpscaler: (any Upscaler)? = nil) throws {
        self.upscaler = upscaler
        self.alphaUpscaler = try alphaUpscaler ?? BicubicUpscaler(scale: upscaler.scale)
        self.budget = budget
        self.tileSize = tileSize
    }

    public var scale: Int { upscaler.scale }

    public func outputSize(of source: any UpscaleSource) -> (width: Int, height: Int) {
        (source.width * scale, source.height * scale)
    }

    /// The tile side used for `source`: `tileSize`, or the largest that fits the budget once the decoded
    /// source itself is paid for.
    public func tileSide(for source: any UpscaleSource) -> Int {
        if let tileSize { return max(1, tileSize) }
        var budget = self.budget
        budget.threads = tileWorkers
        budget.reserved += source.width * source.height * source.channels * (source.bitDepth / 8)
        let working = (upscaler as? UpscalerMemoryEstimating)?.workingBytesPerInputPixel
            ?? 2 * scale * scale * 3 * MemoryLayout<Float>.size
        return budget.tileSize(width: source.width, height: source.height, channels: 3 + (source.hasAlpha ? 1 : 0),
                               scale: scale, contextRadius: max(upscaler.contextRadius, alphaUpscaler.contextRadius),
                               workingBytesPerInputPixel: working, outputBytesPerSample: source.bitDepth / 8)
    }

    /// Tiles upscaled at once: `budget.threads`, or one when the upscaler is parallel inside.
    public var tileWorkers: Int {
        (upscaler as? UpscalerMemoryEstimating)?.usesAllCores == true ? 1 : budget.threads
    }

    /// Upscales `source` one band at a time, top to bottom, as interleaved rows of `channels`
    /// (the source's, or its colour channels only to flatten alpha over white for JPEG) at `bitDepth`.
    public func forEachRows(_ source: any UpscaleSource, channels: Int, bitDepth: Int, cancellation: CancellationFlag? = nil,
                            body: (OutputRows) throws -> Void) throws {
        let grids = try tiledUpscalers(for: source)
        let width = source.width * scale
        for index in 0..<grids.color.grid.bandCount {
            let cores = grids.color.grid.tiles(inBand: index).map(\.core)
            let rows = grids.color.grid.bandRows(index)
            let count = width * rows.count * scale * channels
            func fill<Sample: FixedWidthInteger & UnsignedInteger>(_: Sample.Type) throws -> [Sample] {
                try [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
                    buffer.initialize(repeating: 0)
                    initialized = count
                    let band = SharedBuffer(base: buffer)
                    try TilingWorkers.run(count: cores.count, threads: tileWorkers, cancellation: cancellation) { tile in
                        try upscaleTile(cores[tile], of: source, with: grids).fitted(toChannels: channels)
                            .interleave(into: band.base, rowWidth: width, x: cores[tile].x * scale)
                    }
                }
            }
            let samples: OutputRows.Samples = bitDepth == 16 ? .sixteen(try fill(UInt16.self)) : .eight(try fill(UInt8.self))
            try body(OutputRows(width: width, count: rows.count * scale, channels: channels,
                                firstRow: rows.lowerBound * scale, samples: samples))
        }
    }

    /// Upscales `source` one band at a time as float planes (for callers that look at the values:
    /// residual maps, the server's whole-image responses).
    public func forEachBand(_ source: any UpscaleSource, cancellation: CancellationFlag? = nil,
                            body: (UpscaledBand) throws -> Void) throws {
        let grids = try tiledUpscalers(for: source)
        let width = source.width * scale
        let planes = source.colorPlanes + (source.hasAlpha ? 1 : 0)
        for index in 0..<grids.color.grid.bandCount {
            let cores = grids.color.grid.tiles(inBand: index).map(\.core)
            let rows = grids.color.grid.bandRows(index)
            let height = rows.count * scale
            let pixels = try [Float](unsafeUninitializedCapacity: width * height * planes) { buffer, initialized in
                buffer.initialize(repeating: 0)
                initialized = buffer.count
                let band = SharedBuffer(base: buffer)
                try TilingWorkers.run(count: cores.count, threads: tileWorkers, cancellation: cancellation) { tile in
                    let output = try upscaleTile(cores[tile], of: source, with: grids)
                    let stacked = output.alpha.map { FloatImage.stacking([output.color, $0]) } ?? output.color
                    stacked.copyPlanes(into: band.base, width: width, height: height, x: cores[tile].x * scale)
                }
            }
            let all = FloatImage(width: width, height: height, channels: planes, pixels: pixels)
            try body(UpscaledBand(firstRow: rows.lowerBound * scale, color: all.planes(0..<source.colorPlanes),
                                  alpha: source.hasAlpha ? all.planes(source.colorPlanes..<planes) : nil))
        }
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

    // MARK: - Tiles

    private struct Grids: Sendable {
        var color: TiledUpscaler
        var alpha: TiledUpscaler
    }

    /// Colour and alpha grids share the tile side (so their bands and cores line up) but each pads
    /// by its own upscaler's context radius.
    private func tiledUpscalers(for source: any UpscaleSource) throws -> Grids {
        guard alphaUpscaler.scale == scale else {
            throw RSRError(.invalidArgument, "alpha upscaler scale \(alphaUpscaler.scale) differs from \(scale)")
        }
        guard source.width > 0, source.height > 0 else { throw RSRError(.corrupt, "image has no pixels") }
        let side = tileSide(for: source)
        func grid(_ upscaler: any Upscaler) -> TiledUpscaler {
            TiledUpscaler(upscaler: upscaler, threads: tileWorkers, grid: TileGrid(
                width: source.width, height: source.height, tileSize: side, contextRadius: upscaler.contextRadius))
        }
        return Grids(color: grid(upscaler), alpha: grid(alphaUpscaler))
    }

    /// Everything for one core: colour (gray run as RGB, luma kept) and alpha.
    private func upscaleTile(_ core: PixelRect, of source: any UpscaleSource, with grids: Grids) throws -> UpscaledBand {
        let gray = source.colorPlanes == 1
        var color = try grids.color.upscaleTile(core: core) { rect in
            let planes = source.floatRegion(rect, planes: 0..<source.colorPlanes)
            return gray ? FloatImage.stacking([planes, planes, planes]) : planes
        }
        if gray { color = Luminance.of(color) }
        let alphaPlane = source.channels - 1
        let alpha = source.hasAlpha
            ? try grids.alpha.upscaleTile(core: core) { source.floatRegion($0, planes: alphaPlane..<(alphaPlane + 1)) }
            : nil
        return UpscaledBand(firstRow: core.y * scale, color: color, alpha: alpha)
    }
}
