import ResidualSRCore
import ResidualSRImage

/// Plain MATLAB bicubic enlargement: the baseline every SR table starts from, and a model-free
/// fallback for the pipeline.
public struct BicubicUpscaler: Upscaler {
    public let scale: Int
    /// The cubic kernel reaches less than 2 LR pixels from each output sample's centre, and sample
    /// positions shift by exactly one LR pixel per `scale` output pixels, so 2 pixels of context
    /// make a tile's interior identical to the whole-image result.
    public var contextRadius: Int { 2 }
    /// The resize's intermediate pass (at most `scale` times the input) and its output.
    public var workingBytesPerInputPixel: Int { 2 * scale * scale * 3 * MemoryLayout<Float>.size }
    public var usesAllCores: Bool { false }
    public var resizesInOneStep: Bool { true }

    public init(scale: Int) throws {
        guard (1...16).contains(scale) else {
            throw RSRError(.invalidArgument, "bicubic scale must be between 1 and 16, got \(scale)")
        }
        self.scale = scale
    }

    public func upscale(_ image: FloatImage) throws -> FloatImage {
        Bicubic.resize(image, scale: Double(scale))
    }
}
