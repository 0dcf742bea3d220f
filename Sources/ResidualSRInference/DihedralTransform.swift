import ResidualSRCore

/// One of the eight flips/rotations of an image (the dihedral group of the square), for self-ensembles.
/// `index` 0..<8: bit 0 flips x, bit 1 flips y, bit 2 transposes (applied to the source coordinates in
/// that order, as the training augmentation does); 0 is the identity.
public struct DihedralTransform: Sendable, Equatable {
    public let index: Int

    public init(_ index: Int) {
        precondition((0..<8).contains(index), "a dihedral transform is 0..<8")
        self.index = index
    }

    public static let all = (0..<8).map(DihedralTransform.init)

    public var transposes: Bool { index & 4 != 0 }

    /// image [C, H, W] -> [C, W, H] if it transposes, else [C, H, W].
    public func apply(_ image: FloatImage) -> FloatImage {
        let (w, h) = transposes ? (image.height, image.width) : (image.width, image.height)
        var out = FloatImage(width: w, height: h, channels: image.channels)
        let (sourceWidth, sourceHeight) = (image.width, image.height)
        image.pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for c in 0..<image.channels {
                    let s = src.baseAddress! + c * image.planeSize, d = dst.baseAddress! + c * image.planeSize
                    for y in 0..<h {
                        for x in 0..<w {
                            let (sy, sx) = sourcePosition(y: y, x: x, sourceWidth: sourceWidth, sourceHeight: sourceHeight)
                            d[y * w + x] = s[sy * sourceWidth + sx]
                        }
                    }
                }
            }
        }
        return out
    }

    /// Undoes `apply`: inverse(apply(image)) == image.
    public func invert(_ image: FloatImage) -> FloatImage {
        let (w, h) = transposes ? (image.height, image.width) : (image.width, image.height)
        var out = FloatImage(width: w, height: h, channels: image.channels)
        image.pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for c in 0..<image.channels {
                    let s = src.baseAddress! + c * image.planeSize, d = dst.baseAddress! + c * image.planeSize
                    for y in 0..<image.height {
                        for x in 0..<image.width {
                            let (sy, sx) = sourcePosition(y: y, x: x, sourceWidth: w, sourceHeight: h)
                            d[sy * w + sx] = s[y * image.width + x]
                        }
                    }
                }
            }
        }
        return out
    }

    /// Where output pixel (y, x) comes from in a source of the given size.
    private func sourcePosition(y: Int, x: Int, sourceWidth: Int, sourceHeight: Int) -> (Int, Int) {
        var (sy, sx) = transposes ? (x, y) : (y, x)
        if index & 1 != 0 { sx = sourceWidth - 1 - sx }
        if index & 2 != 0 { sy = sourceHeight - 1 - sy }
        return (sy, sx)
    }
}
