import ResidualSR

/// Pixel replication: each input pixel becomes a `scale` x `scale` block. The server's fallback when
/// no better `Upscaler` is wired in; it is exact, cheap and obviously not super-resolution.
public struct NearestNeighbourUpscaler: Upscaler {
    public let scale: Int
    public var contextRadius: Int { 0 }

    public init(scale: Int) {
        self.scale = max(1, scale)
    }

    public func upscale(_ image: FloatImage) throws -> FloatImage {
        let outputWidth = image.width * scale, outputHeight = image.height * scale
        var output = [Float](repeating: 0, count: outputWidth * outputHeight * image.channels)
        image.pixels.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { result in
                // input: channels x height x width; result: channels x (height*scale) x (width*scale).
                for channel in 0..<image.channels {
                    for y in 0..<outputHeight {
                        let inputRow = (channel * image.height + y / scale) * image.width
                        let outputRow = (channel * outputHeight + y) * outputWidth
                        for x in 0..<outputWidth { result[outputRow + x] = input[inputRow + x / scale] }
                    }
                }
            }
        }
        return FloatImage(width: outputWidth, height: outputHeight, channels: image.channels, pixels: output)
    }
}
