import ResidualSRCore
import ResidualSRInference

/// Interleaved samples in memory: the shape the codecs decode to.
public struct InterleavedTestImage: UpscaleSource {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var bitDepth: Int
    public var samples: [UInt16]
    public var iccProfile: [UInt8]?

    public init(width: Int, height: Int, channels: Int, bitDepth: Int, samples: [UInt16], iccProfile: [UInt8]? = nil) {
        (self.width, self.height, self.channels, self.bitDepth) = (width, height, channels, bitDepth)
        (self.samples, self.iccProfile) = (samples, iccProfile)
    }

    public func floatRegion(_ rect: PixelRect, planes: Range<Int>) -> FloatImage {
        var output = FloatImage(width: rect.width, height: rect.height, channels: planes.count)
        let maximum = Float(bitDepth == 16 ? 65535 : 255)
        for (plane, channel) in planes.enumerated() {
            for y in 0..<rect.height {
                for x in 0..<rect.width {
                    output[plane, y, x] = Float(samples[((rect.y + y) * width + rect.x + x) * channels + channel]) / maximum
                }
            }
        }
        return output
    }
}

public func testImage(width: Int, height: Int, channels: Int, bitDepth: Int = 8, seed: UInt64 = 1) -> InterleavedTestImage {
    let noise = noiseImage(width: width * channels, height: height, channels: 1, seed: seed)
    let maximum: Float = bitDepth == 16 ? 65535 : 255
    return InterleavedTestImage(width: width, height: height, channels: channels, bitDepth: bitDepth,
                                samples: noise.pixels.map { UInt16(($0 * maximum).rounded()) })
}
