import ResidualSRCore
import ResidualSRImage

/// A run of finished output rows, interleaved integer samples as encoders take them.
public struct OutputRows: Sendable, Equatable {
    /// 16-bit samples in host byte order.
    public typealias Samples = ImageSamples

    public var width: Int
    public var count: Int
    public var channels: Int
    /// Index of the first row in the output image.
    public var firstRow: Int
    public var samples: Samples

    public var bitDepth: Int { samples.bitDepth }
}
