import ResidualSRCore
import ResidualSRImage

/// Runs an `Upscaler` over a `TileGrid`: one tile's output, or one band's, tiles in parallel.
public struct TiledUpscaler: Sendable {
    public let upscaler: any Upscaler
    public let grid: TileGrid
    /// Tiles of one band upscaled concurrently (each needs its own working memory).
    public let threads: Int

    public init(upscaler: any Upscaler, threads: Int = 1, grid: TileGrid) {
        self.upscaler = upscaler
        self.grid = grid
        self.threads = max(1, threads)
    }

    public var scale: Int { upscaler.scale }

    /// The output of `core` (`core.width * scale` x `core.height * scale`): the upscaler is given
    /// `core` grown by the context radius, and the margin's output is cut away. `input(rect)` returns
    /// the upscaler's input planes for `rect` of the source.
    public func upscaleTile(core: PixelRect, input: (PixelRect) throws -> FloatImage) throws -> FloatImage {
        let padded = grid.padded(core)
        let output = try upscaler.upscale(try input(padded))
        guard output.width == padded.width * scale, output.height == padded.height * scale else {
            throw RSRError(.invalidArgument, "upscaler returned \(output.width)x\(output.height) for a "
                + "\(padded.width)x\(padded.height) tile at scale \(scale)")
        }
        return output.crop(PixelRect(x: (core.x - padded.x) * scale, y: (core.y - padded.y) * scale,
                                     width: core.width * scale, height: core.height * scale))
    }

    /// Output of band `index`: `grid.width * scale` wide, `bandRows(index).count * scale` high, with
    /// `channels` planes (what the upscaler returns for the input's). `input` is called from several
    /// threads at once.
    public func upscaleBand(_ index: Int, channels: Int, cancellation: CancellationFlag? = nil,
                            input: @escaping @Sendable (PixelRect) throws -> FloatImage) throws -> FloatImage {
        let cores = grid.tiles(inBand: index).map(\.core)
        let (width, height) = (grid.width * scale, grid.bandRows(index).count * scale)
        let pixels = try [Float](unsafeUninitializedCapacity: width * height * channels) { buffer, initialized in
            buffer.initialize(repeating: 0)
            initialized = buffer.count
            let band = SharedBuffer(base: buffer)
            try TilingWorkers.run(count: cores.count, threads: threads, cancellation: cancellation) { tile in
                let output = try upscaleTile(core: cores[tile], input: input)
                guard output.channels == channels else {
                    throw RSRError(.invalidArgument, "upscaler returned \(output.channels) planes, expected \(channels)")
                }
                output.copyPlanes(into: band.base, width: width, height: height, x: cores[tile].x * scale)
            }
        }
        return FloatImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// The whole image through the grid, band by band, assembled (tests and small images).
    public func upscaleWhole(_ image: FloatImage, cancellation: CancellationFlag? = nil) throws -> FloatImage {
        var bands: [FloatImage] = []
        for index in 0..<grid.bandCount {
            bands.append(try upscaleBand(index, channels: image.channels, cancellation: cancellation) { image.crop($0) })
        }
        return FloatImage.concatenatingRows(bands)
    }
}

extension FloatImage {
    /// Copies all planes into a planar `width` x `height` buffer of the same plane count, at column
    /// `x` (rows aligned at the top).
    func copyPlanes(into target: UnsafeMutableBufferPointer<Float>, width targetWidth: Int, height targetHeight: Int, x: Int) {
        pixels.withUnsafeBufferPointer { source in
            for channel in 0..<channels {
                for row in 0..<height {
                    let from = (channel * height + row) * width
                    let to = (channel * targetHeight + row) * targetWidth + x
                    for column in 0..<width { target[to + column] = source[from + column] }
                }
            }
        }
    }
}
