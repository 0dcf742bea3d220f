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
    /// The largest tile worth its memory for an upscaler with `contextRadius` pixels of context: the
    /// smallest whose margins add at most 5% of work ((T + 2r)^2 <= 1.05 T^2, T >= ~81 r), between 256
    /// and 1024. Beyond it only memory grows (the band grows with the tile). Margins are not the only
    /// cost of small tiles: a multi-threaded network also uses its cores worse on them (a 2048^2 x2
    /// upscale on 2 cores: 14.3 s wall at 256, 9.4 s at 784, 8.7 s at 1024).
    public static func largestUsefulTile(contextRadius: Int) -> Int {
        let wanted = 81 * max(0, contextRadius)
        return min(1024, max(256, (wanted + granularity - 1) / granularity * granularity))
    }

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
        let largest = Self.largestUsefulTile(contextRadius: contextRadius)
        while tile <= largest {
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
