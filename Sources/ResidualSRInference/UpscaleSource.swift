import ResidualSRCore
import ResidualSRImage

/// What the upscale pipeline reads: a decoded image it can pull float regions out of, tile by tile,
/// so that the float copy of a large input never exists whole.
public protocol UpscaleSource: Sendable {
    var width: Int { get }
    var height: Int { get }
    /// 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (alpha last, straight, not premultiplied).
    var channels: Int { get }
    /// 8 or 16: the output keeps it.
    var bitDepth: Int { get }
    /// Embedded colour profile, carried over to the output untouched.
    var iccProfile: [UInt8]? { get }
    /// PNG gAMA / sRGB chunks, carried over like the profile.
    var pngColor: PNGColorInfo? { get }
    /// Planes `planes` of `rect`, scaled to [0, 1].
    func floatRegion(_ rect: PixelRect, planes: Range<Int>) -> FloatImage
}

extension UpscaleSource {
    public var pngColor: PNGColorInfo? { nil }
    public var hasAlpha: Bool { channels == 2 || channels == 4 }
    public var colorPlanes: Int { channels >= 3 ? 3 : 1 }
}
