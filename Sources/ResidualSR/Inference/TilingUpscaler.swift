import Foundation

/// Runs an `Upscaler` over a `TileGrid` one band at a time, several tiles of a band in parallel.
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

    /// Output of band `index`: `grid.width * scale` wide, `bandRows(index).count * scale` high.
    /// `input(rect)` returns the upscaler's input planes for `rect` of the source image; it is called
    /// from several threads at once.
    public func upscaleBand(_ index: Int, cancellation: CancellationFlag? = nil,
                            input: @escaping @Sendable (PixelRect) throws -> FloatImage) throws -> FloatImage {
        try cancellation?.check()
        let tiles = grid.tiles(inBand: index)
        let first = try upscaleTile(tiles[0], input: input)
        let band = BandBuffer(width: grid.width * scale, height: grid.bandRows(index).count * scale,
                              channels: first.channels)
        defer { band.deallocate() }
        band.place(first, at: tiles[0].core.x * scale)

        let remaining = Array(tiles.dropFirst())
        let next = TileCounter()
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: min(threads, max(1, remaining.count))) { _ in
            while let position = next.take(below: remaining.count), !failure.isSet {
                do {
                    try cancellation?.check()
                    let output = try upscaleTile(remaining[position], input: input)
                    guard output.channels == first.channels else {
                        throw RSRError(.invalidArgument, "upscaler returned \(output.channels) planes, then \(first.channels)")
                    }
                    band.place(output, at: remaining[position].core.x * scale)
                } catch {
                    failure.record(error)
                }
            }
        }
        if let error = failure.error { throw error }
        try cancellation?.check()
        return band.image()
    }

    /// The whole image through the grid: what the pipeline streams band by band, assembled. For tests
    /// and small images.
    public func upscaleWhole(_ image: FloatImage, cancellation: CancellationFlag? = nil) throws -> FloatImage {
        var bands: [FloatImage] = []
        for index in 0..<grid.bandCount {
            bands.append(try upscaleBand(index, cancellation: cancellation) { image.crop($0) })
        }
        return FloatImage.concatenatingRows(bands)
    }

    /// The tile's output cropped to its core, `core.width * scale` x `core.height * scale`.
    func upscaleTile(_ tile: TileGrid.Tile, input: (PixelRect) throws -> FloatImage) throws -> FloatImage {
        let source = try input(tile.padded)
        let output = try upscaler.upscale(source)
        guard output.width == tile.padded.width * scale, output.height == tile.padded.height * scale else {
            throw RSRError(.invalidArgument, "upscaler returned \(output.width)x\(output.height) for a "
                + "\(tile.padded.width)x\(tile.padded.height) tile at scale \(scale)")
        }
        let keep = PixelRect(x: (tile.core.x - tile.padded.x) * scale, y: (tile.core.y - tile.padded.y) * scale,
                             width: tile.core.width * scale, height: tile.core.height * scale)
        return output.crop(keep)
    }
}

/// A band's output, filled by several tile workers at disjoint column ranges.
private final class BandBuffer: @unchecked Sendable {
    let width: Int, height: Int, channels: Int
    let storage: UnsafeMutableBufferPointer<Float>

    init(width: Int, height: Int, channels: Int) {
        self.width = width
        self.height = height
        self.channels = channels
        storage = .allocate(capacity: width * height * channels)
        storage.initialize(repeating: 0)
    }

    /// Copies `tile` (same height as the band) into columns starting at `x`.
    func place(_ tile: FloatImage, at x: Int) {
        tile.pixels.withUnsafeBufferPointer { source in
            for channel in 0..<channels {
                for row in 0..<height {
                    let from = (channel * tile.height + row) * tile.width
                    let to = (channel * height + row) * width + x
                    for column in 0..<tile.width { storage[to + column] = source[from + column] }
                }
            }
        }
    }

    func image() -> FloatImage {
        FloatImage(width: width, height: height, channels: channels, pixels: Array(storage))
    }

    func deallocate() { storage.deallocate() }
}

private final class TileCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// The first error any worker hit; the others stop at their next tile.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?

    var error: Error? { lock.withLock { stored } }
    var isSet: Bool { error != nil }

    func record(_ error: Error) {
        lock.withLock { if stored == nil { stored = error } }
    }
}
