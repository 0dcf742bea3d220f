import ResidualSRCore
import ResidualSRImage

/// The network's memory per input pixel of a tile, so `--max-memory` picks tiles it can afford.
///
/// Inference keeps three C-channel activations (f0, h, t), the tail's 3 s^2 channels and the
/// pixel-shuffled residual (3 s^2 per input pixel); the im2col scratch is banded to a fixed size and
/// is not per pixel. Its convolutions are parallel inside, so tiles run one at a time.
extension SRModel: UpscalerMemoryEstimating {
    public var workingBytesPerInputPixel: Int {
        let config = network.config
        return MemoryLayout<Float>.size * (3 * config.channels + 2 * 3 * config.scale * config.scale)
    }

    public var usesAllCores: Bool { true }
}
