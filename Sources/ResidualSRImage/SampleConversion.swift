import ResidualSRCore

/// Bit-depth and channel conversions on interleaved samples.
enum SampleConversion {
    /// `samples` of `channels` per pixel in the layout a format stores (`Image.Format.storedLayout`):
    /// alpha dropped, gray repeated as RGB, the bit depth changed, as the two layouts differ.
    static func convert(_ samples: ImageSamples, channels: Int, to stored: (channels: Int, bitDepth: Int)) -> ImageSamples {
        let alpha = channels == 2 || channels == 4
        let color = alpha ? channels - 1 : channels
        let storedAlpha = stored.channels == 2 || stored.channels == 4
        let storedColor = storedAlpha ? stored.channels - 1 : stored.channels
        // For each stored channel, the source channel it comes from.
        let sources = (0..<storedColor).map { color == 1 ? 0 : $0 } + (storedAlpha ? [channels - 1] : [])
        let reordered: ImageSamples = switch samples {
        case .eight(let values): .eight(select(values, channels: channels, sources: sources))
        case .sixteen(let values): .sixteen(select(values, channels: channels, sources: sources))
        }
        switch (reordered, stored.bitDepth) {
        case (.sixteen(let values), 8): return .eight(to8(values))
        case (.eight(let values), 16): return .sixteen(to16(values))
        default: return reordered
        }
    }

    /// 16 -> 8 bits, rounding to nearest: v * 255 / 65535.
    static func to8(_ values: [UInt16]) -> [UInt8] {
        values.map { UInt8((UInt32($0) * 255 + 32767) / 65535) }
    }

    /// 8 -> 16 bits, exact: v * 257 maps 255 to 65535.
    static func to16(_ values: [UInt8]) -> [UInt16] {
        values.map { UInt16($0) * 257 }
    }

    /// Per pixel, the samples at `sources` out of every `channels` (drops alpha, repeats gray).
    static func select<Sample>(_ values: [Sample], channels: Int, sources: [Int]) -> [Sample] {
        guard sources != Array(0..<channels) else { return values }
        let pixels = values.count / channels
        var result: [Sample] = []
        result.reserveCapacity(pixels * sources.count)
        for pixel in 0..<pixels {
            for source in sources { result.append(values[pixel * channels + source]) }
        }
        return result
    }
}
