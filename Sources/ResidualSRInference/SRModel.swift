import ResidualSRCore
import ResidualSRImage

/// The super-resolution model: bicubic(x) + network residual. An `Upscaler`, so tiling, batches,
/// benchmarks and the server use it like any other method.
public final class SRModel: Upscaler, @unchecked Sendable {
    public let network: SRNetwork
    public let metadata: [String: String]
    /// Where it was loaded from, or a description for in-memory models.
    public let source: String

    public init(network: SRNetwork, metadata: [String: String] = [:], source: String = "memory") {
        self.network = network
        self.metadata = metadata
        self.source = source
    }

    public convenience init(file path: String) throws {
        let (network, metadata) = try ModelFile.load(path)
        self.init(network: network, metadata: metadata, source: path)
    }

    public var scale: Int { network.config.scale }
    /// Each 3x3 conv widens the receptive field by one LR pixel; the bicubic base needs two.
    public var contextRadius: Int { max(network.config.convDepth, 2) }

    /// Inference keeps three C-channel activations (f0, h, t), the tail's 3 s^2 channels and the
    /// pixel-shuffled residual (3 s^2 per input pixel); the im2col scratch is banded to a fixed size and
    /// is not per pixel.
    public var workingBytesPerInputPixel: Int {
        let config = network.config
        return MemoryLayout<Float>.size * (3 * config.channels + 2 * 3 * config.scale * config.scale)
    }

    /// The convolutions are parallel inside, so tiles run one at a time.
    public var usesAllCores: Bool { true }
    public var resizesInOneStep: Bool { false }

    public func upscale(_ image: FloatImage) throws -> FloatImage {
        guard image.channels == 3 else {
            throw RSRError(.invalidArgument, "the model takes 3-channel RGB, got \(image.channels) channels")
        }
        var output = Bicubic.resize(image, scale: Double(scale))
        let residual = network.residual(Tensor(image))
        precondition(residual.count == output.pixels.count)
        output.pixels.withUnsafeMutableBufferPointer { out in
            for i in 0..<out.count { out[i] += residual.data[i] }
        }
        return output
    }
}
