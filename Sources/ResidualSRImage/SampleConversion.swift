import ResidualSRCore

/// Bit-depth and channel conversions on interleaved samples.
enum SampleConversion {
    /// 16 -> 8 bits, rounding to nearest: v * 255 / 65535.
    static func to8(_ values: [UInt16]) -> [UInt8] {
        values.map { UInt8((UInt32($0) * 255 + 32767) / 65535) }
    }

    /// 8 -> 16 bits, exact: v * 257 maps 255 to 65535.
    static func to16(_ values: [UInt8]) -> [UInt16] {
        values.map { UInt16($0) * 257 }
    }

    /// The first `keep` of every `channels` samples (drops a trailing alpha).
    static func selectChannels<Sample>(_ values: [Sample], channels: Int, keep: Int) -> [Sample] {
        guard keep != channels else { return values }
        let pixels = values.count / channels
        var result: [Sample] = []
        result.reserveCapacity(pixels * keep)
        for pixel in 0..<pixels {
            for c in 0..<keep { result.append(values[pixel * channels + c]) }
        }
        return result
    }
}
