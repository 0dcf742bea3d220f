import ResidualSRCore
import ResidualSRImage

/// The one band loop of inference: the grid, the workers and the crop in one place.
///
/// Cuts `source` into the bands of a `TileGrid`, upscales each band's tiles on `workers` threads (the
/// upscaler sees a tile's core grown by its context radius, and the margin's output is cut away), and
/// hands a band on once all its tiles are in place. Row output and float output differ only in how a
/// tile is placed into the band's buffer (`place`), so both run exactly this loop.
///
/// Colour planes go through `color` (a gray plane as R = G = B, the output's luma kept), alpha
/// through `alpha`. Their grids share the tile side, so bands and cores line up, but each pads by its
/// own upscaler's context radius.
struct TileRunner: Sendable {
    let source: any UpscaleSource
    let color: any Upscaler
    let alpha: any Upscaler
    let colorGrid: TileGrid
    let alphaGrid: TileGrid
    /// Tiles of one band upscaled at once.
    let workers: Int

    init(source: any UpscaleSource, color: any Upscaler, alpha: any Upscaler, tileSide: Int, workers: Int) throws {
        guard alpha.scale == color.scale else {
            throw RSRError(.invalidArgument, "alpha upscaler scale \(alpha.scale) differs from \(color.scale)")
        }
        guard source.width > 0, source.height > 0 else { throw RSRError(.corrupt, "image has no pixels") }
        self.source = source
        self.color = color
        self.alpha = alpha
        colorGrid = TileGrid(width: source.width, height: source.height, tileSize: tileSide, contextRadius: color.contextRadius)
        alphaGrid = TileGrid(width: source.width, height: source.height, tileSize: tileSide, contextRadius: alpha.contextRadius)
        self.workers = max(1, workers)
    }

    var scale: Int { color.scale }
    var outputWidth: Int { source.width * scale }

    /// Runs band after band, top to bottom. Each band is a buffer of `outputWidth` x its output rows x
    /// `samplesPerPixel` samples; `place(tile, x, buffer, bandHeight)` puts one tile's output at output
    /// column `x` (called from several threads at once, each tile at its own columns). `body` gets
    /// the band's first output row, its row count and the filled buffer.
    func forEachBand<Sample: Numeric & Sendable>(
        samplesPerPixel: Int, cancellation: CancellationFlag?,
        place: @escaping @Sendable (UpscaledBand, Int, UnsafeMutableBufferPointer<Sample>, Int) -> Void,
        body: (_ firstRow: Int, _ rowCount: Int, _ samples: [Sample]) throws -> Void
    ) throws {
        for index in 0..<colorGrid.bandCount {
            let cores = colorGrid.tiles(inBand: index).map(\.core)
            let rows = colorGrid.bandRows(index)
            let height = rows.count * scale
            let count = outputWidth * height * samplesPerPixel
            let samples = try [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
                buffer.initialize(repeating: .zero)
                initialized = count
                let band = SharedBuffer(base: buffer)
                try TileWorkers.run(count: cores.count, threads: workers, cancellation: cancellation) { tile in
                    place(try upscaleTile(cores[tile]), cores[tile].x * scale, band.base, height)
                }
            }
            try body(rows.lowerBound * scale, height, samples)
        }
    }

    /// Everything for one core: colour (1 or 3 planes, as the source) and alpha.
    func upscaleTile(_ core: PixelRect) throws -> UpscaledBand {
        let gray = source.colorPlanes == 1
        var planes = try upscale(core, grid: colorGrid, with: color, planes: 0..<source.colorPlanes, expecting: 3)
        if gray { planes = Luminance.of(planes) }
        let alphaPlane = source.channels - 1
        let alphaOutput = source.hasAlpha
            ? try upscale(core, grid: alphaGrid, with: alpha, planes: alphaPlane..<(alphaPlane + 1), expecting: 1)
            : nil
        return UpscaledBand(firstRow: core.y * scale, color: planes, alpha: alphaOutput)
    }

    /// The output of `core` (`core.width * scale` x `core.height * scale`) for source planes `planes`
    /// (one plane given to a 3-plane upscaler is repeated as R = G = B).
    private func upscale(_ core: PixelRect, grid: TileGrid, with upscaler: any Upscaler, planes: Range<Int>,
                         expecting channels: Int) throws -> FloatImage {
        let padded = grid.padded(core)
        var input = source.floatRegion(padded, planes: planes)
        if input.channels == 1 && channels == 3 { input = FloatImage.stacking([input, input, input]) }
        let output = try upscaler.upscale(input)
        guard output.width == padded.width * scale, output.height == padded.height * scale, output.channels == channels else {
            throw RSRError(.invalidArgument, "upscaler returned \(output.width)x\(output.height)x\(output.channels) for a "
                + "\(padded.width)x\(padded.height)x\(input.channels) tile at scale \(scale)")
        }
        return output.crop(PixelRect(x: (core.x - padded.x) * scale, y: (core.y - padded.y) * scale,
                                     width: core.width * scale, height: core.height * scale))
    }
}
