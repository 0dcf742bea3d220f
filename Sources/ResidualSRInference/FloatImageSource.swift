import ResidualSRCore
import ResidualSRImage

/// An `UpscaleSource` over a float image already in memory (tests, the server's decoded uploads, the
/// residual tool's re-runs).
public struct FloatImageSource: UpscaleSource {
    public var image: FloatImage
    public var bitDepth: Int
    public var iccProfile: [UInt8]?

    public init(_ image: FloatImage, bitDepth: Int = 8, iccProfile: [UInt8]? = nil) {
        self.image = image
        self.bitDepth = bitDepth
        self.iccProfile = iccProfile
    }

    public var width: Int { image.width }
    public var height: Int { image.height }
    public var channels: Int { image.channels }

    public func floatRegion(_ rect: PixelRect, planes: Range<Int>) -> FloatImage {
        image.crop(rect).planes(planes)
    }
}
