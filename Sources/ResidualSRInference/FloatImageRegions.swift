import ResidualSRCore
import ResidualSRImage

/// Cutting tiles out of a float image and putting their outputs back into a band.
extension FloatImage {
    /// The pixels of `rect` (which must lie inside the image), all planes.
    public func crop(_ rect: PixelRect) -> FloatImage {
        var result = FloatImage(width: rect.width, height: rect.height, channels: channels)
        pixels.withUnsafeBufferPointer { source in
            result.pixels.withUnsafeMutableBufferPointer { target in
                for channel in 0..<channels {
                    for row in 0..<rect.height {
                        let from = (channel * height + rect.y + row) * width + rect.x
                        let to = (channel * rect.height + row) * rect.width
                        for column in 0..<rect.width { target[to + column] = source[from + column] }
                    }
                }
            }
        }
        return result
    }

    /// Stacks images of equal width and channel count top to bottom.
    public static func concatenatingRows(_ parts: [FloatImage]) -> FloatImage {
        guard let first = parts.first else { return FloatImage(width: 0, height: 0, channels: 1) }
        let height = parts.reduce(0) { $0 + $1.height }
        var pixels: [Float] = []
        pixels.reserveCapacity(first.width * height * first.channels)
        for channel in 0..<first.channels {
            for part in parts {
                let plane = part.planeSize
                pixels.append(contentsOf: part.pixels[(channel * plane)..<((channel + 1) * plane)])
            }
        }
        return FloatImage(width: first.width, height: height, channels: first.channels, pixels: pixels)
    }

    /// Copies all planes into a planar `width` x `height` buffer of the same plane count, at column
    /// `x` (rows aligned at the top).
    func copyPlanes(into target: UnsafeMutableBufferPointer<Float>, width targetWidth: Int, height targetHeight: Int, x: Int) {
        pixels.withUnsafeBufferPointer { source in
            for channel in 0..<channels {
                for row in 0..<height {
                    let from = (channel * height + row) * width
                    let to = (channel * targetHeight + row) * targetWidth + x
                    for column in 0..<width { target[to + column] = source[from + column] }
                }
            }
        }
    }
}
