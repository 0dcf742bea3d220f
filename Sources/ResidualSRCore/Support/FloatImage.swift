/// A planar float32 image: `channels` planes of `height` x `width` samples, nominally in [0, 1].
///
/// This is the exchange type between codecs, resampling, the network and metrics. Planar (CHW)
/// because every numeric kernel here walks one channel plane at a time.
public struct FloatImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var channels: Int
    /// Channel-major samples: `pixels[(c * height + y) * width + x]`.
    public var pixels: [Float]

    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0 && channels >= 1)
        precondition(pixels.count == width * height * channels, "pixel count does not match the shape")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    public init(width: Int, height: Int, channels: Int, repeating value: Float = 0) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [Float](repeating: value, count: width * height * channels))
    }

    public var planeSize: Int { width * height }

    public subscript(channel: Int, y: Int, x: Int) -> Float {
        get { pixels[(channel * height + y) * width + x] }
        set { pixels[(channel * height + y) * width + x] = newValue }
    }

    /// The planes `range` as a new image (e.g. the colour planes of an RGBA image).
    public func planes(_ range: Range<Int>) -> FloatImage {
        precondition(range.lowerBound >= 0 && range.upperBound <= channels && !range.isEmpty)
        let n = planeSize
        return FloatImage(width: width, height: height, channels: range.count,
                          pixels: Array(pixels[(range.lowerBound * n)..<(range.upperBound * n)]))
    }

    /// Stacks images of equal size plane-wise.
    public static func stacking(_ images: [FloatImage]) -> FloatImage {
        precondition(!images.isEmpty)
        let (w, h) = (images[0].width, images[0].height)
        precondition(images.allSatisfy { $0.width == w && $0.height == h })
        return FloatImage(width: w, height: h, channels: images.reduce(0) { $0 + $1.channels },
                          pixels: images.flatMap(\.pixels))
    }
}
