import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// Everything that defines a training run. Saved in checkpoints (a resume must use the same run) and,
/// in short form, in the shipped model's metadata.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var scale = 2
    public var channels = 32
    public var blocks = 8
    public var resScale: Float = 1
    public var batchSize = 16
    public var patchSize = 48
    public var steps = 6000
    public var schedule = LearningRateSchedule()
    public var loss = Loss.l1
    /// Global gradient-norm clip (0 = off).
    public var clipNorm: Float = 1
    public var seed: UInt64 = 1
    public var trainFolders: [String] = []
    public var validationFolders: [String] = []
    /// Relative sizes of each training image (multi-scale augmentation); [1] = off.
    public var sourceSizes: [Double] = [1]
    /// Training images held out (never trained on) to choose the best model; 0 = keep the latest model.
    /// The validation folders are only reported, never used for selection.
    public var holdout = 10
    public var validateEvery = 500
    public var checkpointEvery = 250
    /// Weights to start from where shapes match (e.g. the x2 model for x3/x4).
    public var initFrom: String?
    public var initialization = InitScheme.uniform
    public var sampling = PatchSampling.image
    /// Train each 3x3 conv as a sum of branches merged into one conv (`RepConv`); nil (checkpoints from
    /// before the option) means off.
    public var reparam: Bool?

    public var isReparameterised: Bool { reparam ?? false }

    public init() {}

    public var network: NetworkConfig {
        NetworkConfig(channels: channels, blocks: blocks, scale: scale, resScale: resScale)
    }
}
