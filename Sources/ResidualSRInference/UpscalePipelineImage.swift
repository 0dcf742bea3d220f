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

extension UpscalePipeline {
    /// `image` upscaled, in memory, with its channels, bit depth, ICC profile and PNG colour chunks
    /// (for the server and other callers that want an `Image` back rather than a file). Upright: the
    /// result carries orientation 1. Batch runs stream rows to disk instead (`forEachRows`).
    public func upscale(_ image: Image, cancellation: CancellationFlag? = nil) throws -> Image {
        let (width, height) = outputSize(of: image)
        var eight: [UInt8] = [], sixteen: [UInt16] = []
        let total = width * height * image.channels
        if image.bitDepth == 16 { sixteen.reserveCapacity(total) } else { eight.reserveCapacity(total) }
        try forEachRows(image, channels: image.channels, bitDepth: image.bitDepth, cancellation: cancellation) { rows in
            switch rows.samples {
            case .eight(let samples): eight += samples
            case .sixteen(let samples): sixteen += samples
            }
        }
        return Image(width: width, height: height, channels: image.channels,
                     samples: image.bitDepth == 16 ? .sixteen(sixteen) : .eight(eight), iccProfile: image.iccProfile,
                     orientation: 1, format: image.format, pngColor: image.pngColor)
    }
}
