import ResidualSRCore
import ResidualSRImage

/// A decoded image feeds the pipeline directly: regions are converted to float tile by tile, so a
/// large input exists once, at its stored bit depth, and never as a whole float copy.
extension Image: UpscaleSource {
    public func floatRegion(_ rect: PixelRect, planes: Range<Int>) -> FloatImage {
        var output = FloatImage(width: rect.width, height: rect.height, channels: planes.count)
        let (width, channels, planeSize) = (self.width, self.channels, rect.width * rect.height)
        output.pixels.withUnsafeMutableBufferPointer { target in
            // src: height x width x channels interleaved; dst: planes x rect.height x rect.width.
            func convert<Sample: BinaryInteger>(_ values: [Sample], maximum: Float) {
                values.withUnsafeBufferPointer { source in
                    for (plane, channel) in planes.enumerated() {
                        for row in 0..<rect.height {
                            let from = ((rect.y + row) * width + rect.x) * channels + channel
                            let to = plane * planeSize + row * rect.width
                            for column in 0..<rect.width {
                                target[to + column] = Float(source[from + column * channels]) / maximum
                            }
                        }
                    }
                }
            }
            switch samples {
            case .eight(let values): convert(values, maximum: 255)
            case .sixteen(let values): convert(values, maximum: 65535)
            }
        }
        return output
    }
}
