import ResidualSRCore
import ResidualSRImage

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
