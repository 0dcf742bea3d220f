/// The one path from a decoded image to its upscaled rows, shared by `rsr upscale`, `rsr residual` and
/// the server.
///
/// - Colour planes go through `upscaler`; alpha through `alphaUpscaler` (bicubic; see
///   `AlphaBicubicUpscaler` for why, and for the straight-alpha choice).
/// - Gray in, gray out: the gray plane is run as R = G = B and the output's BT.601 luma kept.
/// - The source's bit depth and ICC profile are the output's (the caller writes them).
/// - Work goes band by band over a `TileGrid` sized from the memory budget, so the float output of a
///   large image never exists whole: each band is handed to the caller (the encoder) and dropped.
public struct UpscalePipeline: Sendable {
    public var upscaler: any Upscaler
    public var alphaUpscaler: any Upscaler
    public var budget: TilingBudget
    /// Fixed tile side (`--tile`); nil derives it from `budget`.
    public var tileSize: Int?

    public init(upscaler: any Upscaler, budget: TilingBudget = TilingBudget(), tileSize: Int? = nil,
                alphaUpscaler: (any Upscaler)? = nil) {
        self.upscaler = upscaler
        self.alphaUpscaler = alphaUpscaler ?? AlphaBicubicUpscaler(scale: upscaler.scale)
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
        budget.reserved += source.width * source.height * source.channels * (source.bitDepth / 8)
        let working = (upscaler as? UpscalerMemoryEstimating)?.workingBytesPerInputPixel
            ?? 2 * scale * scale * 3 * MemoryLayout<Float>.size
        return budget.tileSize(width: source.width, height: source.height, channels: 3 + (source.hasAlpha ? 1 : 0),
                               scale: scale, contextRadius: max(upscaler.contextRadius, alphaUpscaler.contextRadius),
                               workingBytesPerInputPixel: working, outputBytesPerSample: source.bitDepth / 8)
    }

    /// Upscales `source` one band at a time, top to bottom, handing each to `body`.
    public func forEachBand(_ source: any UpscaleSource, cancellation: CancellationFlag? = nil,
                            body: (UpscaledBand) throws -> Void) throws {
        guard alphaUpscaler.scale == scale else {
            throw RSRError(.invalidArgument, "alpha upscaler scale \(alphaUpscaler.scale) differs from \(scale)")
        }
        guard source.width > 0, source.height > 0 else { throw RSRError(.corrupt, "image has no pixels") }
        let side = tileSide(for: source)
        let color = TiledUpscaler(upscaler: upscaler, threads: budget.threads, grid: TileGrid(
            width: source.width, height: source.height, tileSize: side, contextRadius: upscaler.contextRadius))
        let alpha = TiledUpscaler(upscaler: alphaUpscaler, threads: budget.threads, grid: TileGrid(
            width: source.width, height: source.height, tileSize: side, contextRadius: alphaUpscaler.contextRadius))
        let gray = source.colorPlanes == 1
        let alphaPlane = source.channels - 1
        for index in 0..<color.grid.bandCount {
            var colorBand = try color.upscaleBand(index, cancellation: cancellation) { rect in
                let planes = source.floatRegion(rect, planes: 0..<source.colorPlanes)
                return gray ? FloatImage.stacking([planes, planes, planes]) : planes
            }
            if gray { colorBand = Luminance.of(colorBand) }
            let alphaBand = source.hasAlpha
                ? try alpha.upscaleBand(index, cancellation: cancellation) { rect in
                    source.floatRegion(rect, planes: alphaPlane..<(alphaPlane + 1))
                }
                : nil
            try body(UpscaledBand(firstRow: color.grid.bandRows(index).lowerBound * scale, color: colorBand, alpha: alphaBand))
        }
    }

    /// The whole output at once, for callers that need it in memory (residual maps, small server
    /// requests). Prefer `forEachBand` for anything that is only written out.
    public func upscaleWhole(_ source: any UpscaleSource, cancellation: CancellationFlag? = nil) throws -> UpscaledBand {
        var colors: [FloatImage] = [], alphas: [FloatImage] = []
        try forEachBand(source, cancellation: cancellation) { band in
            colors.append(band.color)
            if let alpha = band.alpha { alphas.append(alpha) }
        }
        return UpscaledBand(firstRow: 0, color: FloatImage.concatenatingRows(colors),
                            alpha: alphas.isEmpty ? nil : FloatImage.concatenatingRows(alphas))
    }
}
