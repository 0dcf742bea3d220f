import ResidualSRCore
import ResidualSRImage

/// Picks the tile size from a memory budget.
///
/// Everything that grows with the tile is counted: per worker the padded tile's input, its output and
/// the cropped copy plus the upscaler's scratch; per band the output rows being filled, the ones being
/// encoded and up to `queuedBands` waiting for the encoder. What doesn't grow with the tile (the
/// decoded input image, the process itself) is `reserved`.
public struct TilingBudget: Sendable, Equatable {
    public var bytes: Int
    public var reserved: Int
    public var threads: Int
    public var queuedBands: Int

    public static let defaultBytes = 1 << 30
    /// Tile sizes are multiples of this (and at least this).
    public static let granularity = 16
    /// Beyond this tiles stop paying for themselves (context overhead of a 16-pixel radius is < 30%,
    /// of bicubic's 2 pixels < 4%), while the band, and with it memory, keeps growing with the width.
    public static let largestTile = 256

    public init(bytes: Int = TilingBudget.defaultBytes, reserved: Int = 0, threads: Int = 1, queuedBands: Int = 2) {
        self.bytes = bytes
        self.reserved = reserved
        self.threads = max(1, threads)
        self.queuedBands = queuedBands
    }

    /// Largest tile side whose working set fits; never below `granularity`, never beyond the image.
    public func tileSize(width: Int, height: Int, channels: Int, scale: Int, contextRadius: Int,
                         workingBytesPerInputPixel: Int, outputBytesPerSample: Int = 2) -> Int {
        let longest = max(width, height, 1)
        var best = Self.granularity
        var tile = Self.granularity
        while tile <= Self.largestTile {
            let need = workingSet(tile: tile, width: width, channels: channels, scale: scale,
                                  contextRadius: contextRadius, workingBytesPerInputPixel: workingBytesPerInputPixel,
                                  outputBytesPerSample: outputBytesPerSample)
            if need + reserved > bytes { break }
            best = tile
            if tile >= longest { break }
            tile += Self.granularity
        }
        return min(best, max(longest, 1))
    }

    public func workingSet(tile: Int, width: Int, channels: Int, scale: Int, contextRadius: Int,
                           workingBytesPerInputPixel: Int, outputBytesPerSample: Int) -> Int {
        let float = MemoryLayout<Float>.size
        let padded = tile + 2 * contextRadius
        let perWorker = padded * padded * (channels * float * (1 + scale * scale) + workingBytesPerInputPixel)
            + tile * tile * scale * scale * channels * float
        let bandSamples = width * scale * tile * scale * channels
        let perBand = bandSamples * outputBytesPerSample * (queuedBands + 2)
        return perWorker * threads + perBand
    }
}
