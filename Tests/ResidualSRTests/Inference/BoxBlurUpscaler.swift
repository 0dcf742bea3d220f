@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch

/// A stand-in upscaler with real spatial context: `blurs` zero-padded 3x3 box blurs (like stacked
/// convolutions), then nearest-neighbour upsampling. Any number of planes in, the same number out.
struct BoxBlurUpscaler: Upscaler {
    var scale: Int
    var blurs: Int
    /// What it claims; tests set this below `blurs` to prove the tiling test can fail.
    var claimedRadius: Int?

    var contextRadius: Int { claimedRadius ?? blurs }
    var workingBytesPerInputPixel: Int { 2 * scale * scale * 4 }
    var usesAllCores: Bool { false }
    var resizesInOneStep: Bool { false }

    func upscale(_ image: FloatImage) throws -> FloatImage {
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

/// Deterministic pseudo-random test pixels (SplitMix64), so failures reproduce.
func noiseImage(width: Int, height: Int, channels: Int, seed: UInt64 = 1) -> FloatImage {
    var state = seed
    let pixels = (0..<(width * height * channels)).map { _ -> Float in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Float((z ^ (z >> 31)) >> 40) / Float(1 << 24)
    }
    return FloatImage(width: width, height: height, channels: channels, pixels: pixels)
}

func maxAbsDifference(_ a: FloatImage, _ b: FloatImage) -> Float {
    precondition(a.pixels.count == b.pixels.count)
    return zip(a.pixels, b.pixels).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
