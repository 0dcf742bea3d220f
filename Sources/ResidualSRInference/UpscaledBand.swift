import ResidualSRCore
import ResidualSRImage

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

    public var channels: Int { color.channels + (alpha?.channels ?? 0) }

    /// Quantised and interleaved at `bitDepth` (8 or 16), values clamped to [0, 1] and rounded.
    public func rows(bitDepth: Int) -> OutputRows {
        let count = color.planeSize * channels
        let samples: OutputRows.Samples
        if bitDepth == 16 {
            samples = .sixteen([UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
                interleave(into: buffer, rowWidth: color.width, x: 0)
                initialized = count
            })
        } else {
            samples = .eight([UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                interleave(into: buffer, rowWidth: color.width, x: 0)
                initialized = count
            })
        }
        return OutputRows(width: color.width, count: color.height, channels: channels, firstRow: firstRow, samples: samples)
    }

    /// Writes the band's pixels quantised into interleaved rows `rowWidth` pixels wide, starting at
    /// column `x` (a tile's place in the output band). NaN becomes 0.
    /// dst: height x rowWidth x channels; src: one plane per channel.
    func interleave<Sample: FixedWidthInteger & UnsignedInteger>(into target: UnsafeMutableBufferPointer<Sample>,
                                                                rowWidth: Int, x: Int) {
        color.quantize(into: target, rowWidth: rowWidth, x: x, channels: channels, firstChannel: 0)
        alpha?.quantize(into: target, rowWidth: rowWidth, x: x, channels: channels, firstChannel: color.channels)
    }
}
