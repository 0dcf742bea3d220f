/// Full-range BT.601 luma (0.299 R + 0.587 G + 0.114 B), so that a residual of 1/255 is one 8-bit
/// level of luma. (Caption PSNRs use the papers' studio-range Y, via `QualityScore`.)
public enum Luminance {
    /// One plane: the luma of an RGB image, or the image itself when it has 1 or 2 planes (gray).
    public static func of(_ image: FloatImage) -> FloatImage {
        guard image.channels >= 3 else { return image.planes(0..<1) }
        let plane = image.planeSize
        var output = FloatImage(width: image.width, height: image.height, channels: 1)
        image.pixels.withUnsafeBufferPointer { source in
            for index in 0..<plane {
                output.pixels[index] = 0.299 * source[index] + 0.587 * source[plane + index] + 0.114 * source[2 * plane + index]
            }
        }
        return output
    }

    /// `a - b` on luma, one plane; the images must have the same size.
    public static func difference(_ a: FloatImage, _ b: FloatImage) throws -> FloatImage {
        guard a.width == b.width, a.height == b.height else {
            throw RSRError(.invalidArgument, "cannot compare a \(a.width)x\(a.height) image with a \(b.width)x\(b.height) one")
        }
        var result = of(a)
        let other = of(b)
        for index in result.pixels.indices { result.pixels[index] -= other.pixels[index] }
        return result
    }
}
