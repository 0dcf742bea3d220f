/// A run of finished output rows, interleaved integer samples as encoders take them.
public struct OutputRows: Sendable, Equatable {
    public enum Samples: Sendable, Equatable {
        case eight([UInt8])
        /// Host byte order.
        case sixteen([UInt16])
    }

    public var width: Int
    public var count: Int
    public var channels: Int
    /// Index of the first row in the output image.
    public var firstRow: Int
    public var samples: Samples

    public var bitDepth: Int {
        if case .eight = samples { return 8 }
        return 16
    }
}

/// Output rows of one band, as floats: the colour planes (1 for gray sources, 3 otherwise) and the
/// alpha plane when the source has one.
public struct UpscaledBand: Sendable {
    public var firstRow: Int
    public var color: FloatImage
    public var alpha: FloatImage?

    /// The band for an output of `channels` channels: alpha dropped by compositing over white when
    /// the format has no room for it (JPEG), unchanged otherwise.
    public func fitted(toChannels channels: Int) -> UpscaledBand {
        guard let alpha, channels == color.channels else { return self }
        var flat = color
        let plane = color.planeSize
        for channel in 0..<color.channels {
            for index in 0..<plane {
                let opacity = min(1, max(0, alpha.pixels[index]))
                flat.pixels[channel * plane + index] = flat.pixels[channel * plane + index] * opacity + (1 - opacity)
            }
        }
        return UpscaledBand(firstRow: firstRow, color: flat, alpha: nil)
    }

    /// Quantised and interleaved at `bitDepth` (8 or 16), values clamped to [0, 1] and rounded.
    public func rows(bitDepth: Int) -> OutputRows {
        let planes = alpha.map { [color, $0] } ?? [color]
        let channels = color.channels + (alpha?.channels ?? 0)
        let width = color.width, height = color.height, plane = color.planeSize
        let maximum: Float = bitDepth == 16 ? 65535 : 255
        // dst: height x width x channels (interleaved); src: one plane per channel.
        func fill<Sample: FixedWidthInteger>(_ type: Sample.Type) -> [Sample] {
            var samples = [Sample](repeating: 0, count: plane * channels)
            var channel = 0
            for image in planes {
                for imagePlane in 0..<image.channels {
                    image.pixels.withUnsafeBufferPointer { source in
                        let base = imagePlane * plane
                        for index in 0..<plane {
                            let value = source[base + index]
                            let clamped = value.isNaN ? 0 : min(1, max(0, value))
                            samples[index * channels + channel] = Sample((clamped * maximum).rounded())
                        }
                    }
                    channel += 1
                }
            }
            return samples
        }
        let samples: OutputRows.Samples = bitDepth == 16 ? .sixteen(fill(UInt16.self)) : .eight(fill(UInt8.self))
        return OutputRows(width: width, count: height, channels: channels, firstRow: firstRow, samples: samples)
    }
}
