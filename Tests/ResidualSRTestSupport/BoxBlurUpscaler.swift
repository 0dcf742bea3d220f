import ResidualSRCore
import ResidualSRInference

/// A stand-in upscaler with real spatial context: `blurs` zero-padded 3x3 box blurs (like stacked
/// convolutions), then nearest-neighbour upsampling. Any number of planes in, the same number out.
public struct BoxBlurUpscaler: Upscaler {
    public var scale: Int
    public var blurs: Int
    /// What it claims; tests set this below `blurs` to prove the tiling test can fail.
    public var claimedRadius: Int?

    public init(scale: Int, blurs: Int, claimedRadius: Int? = nil) {
        (self.scale, self.blurs, self.claimedRadius) = (scale, blurs, claimedRadius)
    }

    public var contextRadius: Int { claimedRadius ?? blurs }
    public var workingBytesPerInputPixel: Int { 2 * scale * scale * 4 }
    public var usesAllCores: Bool { false }
    public var resizesInOneStep: Bool { false }

    public func upscale(_ image: FloatImage) throws -> FloatImage {
        var current = image
        for _ in 0..<blurs { current = blurred(current) }
        var output = FloatImage(width: image.width * scale, height: image.height * scale, channels: image.channels)
        for channel in 0..<image.channels {
            for y in 0..<output.height {
                for x in 0..<output.width { output[channel, y, x] = current[channel, y / scale, x / scale] }
            }
        }
        return output
    }

    private func blurred(_ image: FloatImage) -> FloatImage {
        var result = image
        for channel in 0..<image.channels {
            for y in 0..<image.height {
                for x in 0..<image.width {
                    var sum: Float = 0
                    for dy in -1...1 {
                        for dx in -1...1 {
                            let (sy, sx) = (y + dy, x + dx)
                            if sy >= 0, sy < image.height, sx >= 0, sx < image.width { sum += image[channel, sy, sx] }
                        }
                    }
                    result[channel, y, x] = sum / 9
                }
            }
        }
        return result
    }
}

/// Deterministic pseudo-random test pixels in [0, 1), so failures reproduce.
public func noiseImage(width: Int, height: Int, channels: Int, seed: UInt64 = 1) -> FloatImage {
    var random = TestRandom(seed: seed)
    let pixels = (0..<(width * height * channels)).map { _ in random.unit() }
    return FloatImage(width: width, height: height, channels: channels, pixels: pixels)
}

public func maxAbsDifference(_ a: FloatImage, _ b: FloatImage) -> Float {
    precondition(a.pixels.count == b.pixels.count)
    return zip(a.pixels, b.pixels).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
