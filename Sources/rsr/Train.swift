import ArgumentParser
import Dispatch
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a residual SR model on folders of high-resolution images.",
        discussion: """
            Patches are cut from HR images; LR inputs are made with the same MATLAB bicubic as evaluation.
            --holdout training images are kept out of training. Every --validate-every steps the model is
            scored (Y-PSNR, rsr bench protocol) on them and on the validation folders; the best model on the
            held-out images is saved as RUN/best.safetensors (with --holdout 0, the latest one). The
            validation folders are reported only, never used to choose. RUN/checkpoint.safetensors holds
            everything needed to continue: stop with Ctrl-C (a checkpoint is written first) and rerun the
            same command with --resume.

            Examples:
              rsr train --run runs/x2 --scale 2 --steps 20000
              rsr train --run runs/x4 --scale 4 --init Models/rsr-x2.safetensors
              rsr train --run runs/x2 --resume --steps 40000     # continue, with a larger step budget
              rsr train --run runs/x2-rep --scale 2 --reparam    # branched training, plain model saved
            """)

    @Option(name: .customLong("run"), help: "Folder for the checkpoint, best model, log.csv and curves.svg.")
    var runFolder: String
    @Flag(help: "Continue the run saved in --run.") var resume = false
    @Option(help: "Upscaling factor (2, 3 or 4).") var scale = 2
    @Option(help: "Feature channels.") var channels = 32
    @Option(help: "Residual blocks.") var blocks = 8
    @Option(help: "Residual branch scaling.") var resScale: Float = 1
    @Option(help: "Patches per step.") var batch = 16
    @Option(help: "LR patch side in pixels.") var patch = 48
    @Option(help: "Total optimisation steps (default 6000; with --resume, the checkpoint's unless raised).") var steps: Int?
    @Option(help: "Peak learning rate (Adam).") var lr: Float = 5e-4
    @Option(help: "Final learning rate of the cosine schedule.") var minLr: Float = 1e-6
    @Option(help: "Linear warm-up steps.") var warmup = 200
    @Option(help: "Learning-rate schedule: cosine, step (halve every --step-every) or constant.")
    var schedule = LearningRateSchedule.Kind.cosine
    @Option(help: "Steps between halvings for --schedule step.") var stepEvery = 2000
    @Option(help: "Loss: l1 or l2.") var loss = Loss.l1
    @Option(help: "Clip the global gradient norm to this (0 = off).") var clip: Float = 1
    @Option(help: "Random seed (patches, initialisation).") var seed: UInt64 = 1
    @Option(name: .customLong("train"), help: "Training image folder (repeatable).") var trainFolders: [String] = []
    @Option(name: .customLong("val"), help: "Validation image folder (repeatable; reported in the log, never used for selection).")
    var validationFolders: [String] = []
    @Option(help: "Relative sizes of each training image, e.g. 1,0.8,0.6 (multi-scale augmentation).") var sizes = "1"
    @Option(help: "Training images kept out of training to select the best model (0 = keep the latest).")
    var holdout = 10
    @Option(help: "Validate every N steps.") var validateEvery = 500
    @Option(help: "Checkpoint every N steps.") var checkpointEvery = 250
    @Option(name: .customLong("init"), help: "Start from these weights where shapes match (e.g. the x2 model for x3/x4).")
    var initFrom: String?
    @Option(help: "Weight initialisation: uniform (PyTorch's default) or kaiming; the tail starts at zero either way.")
    var initScheme = InitScheme.uniform
    @Option(help: "Patch source choice: image (each image equally) or area (each LR pixel equally).")
    var sampling = PatchSampling.image
    @Flag(help: "Train each 3x3 conv as a sum of branches (3x3, 1x1->3x3, 1x1->Sobel/Laplacian, identity) merged exactly into one conv; the saved model is the plain merged one.")
    var reparam = false
    @Option(help: "Worker threads.") var threads = ProcessInfo.processInfo.activeProcessorCount

    static let defaultTrain = ["../shared/data/train/t91", "../shared/data/train/bsd200"]
    static let defaultValidation = ["../shared/data/val/set5", "../shared/data/val/set14"]

    func validate() throws {
        guard [2, 3, 4].contains(scale) else { throw ValidationError("--scale must be 2, 3 or 4") }
        guard channels > 0, blocks >= 0, batch > 0, patch >= 8, (steps ?? 1) > 0, threads > 0, holdout >= 0 else {
            throw ValidationError("--channels, --batch, --steps and --threads must be positive, --patch at least 8, --holdout not negative")
        }
        guard lr > 0, minLr >= 0, warmup >= 0, validateEvery > 0, checkpointEvery > 0 else {
            throw ValidationError("learning rates, --warmup, --validate-every and --checkpoint-every must be positive")
        }
        guard parsedSizes != nil else { throw ValidationError("--sizes must be numbers in (0, 1], e.g. 1,0.8,0.6") }
    }

    var parsedSizes: [Double]? {
        let values = sizes.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 && $0! <= 1 }) else { return nil }
        return values.map { $0! }
    }

    func run() throws {
        Parallelism.threads = threads
        var options = TrainingOptions()
        options.scale = scale
        options.channels = channels
        options.blocks = blocks
        options.resScale = resScale
        options.batchSize = batch
        options.patchSize = patch
        // On --resume the checkpoint's budget stands unless --steps raises it (0 = keep it).
        options.steps = steps ?? (resume ? 0 : 6000)
        options.schedule.kind = schedule
        options.schedule.base = lr
        options.schedule.minimum = minLr
        options.schedule.warmupSteps = warmup
        options.schedule.totalSteps = steps ?? 6000
        options.schedule.stepEvery = stepEvery
        options.loss = loss
        options.clipNorm = clip
        options.seed = seed
        options.trainFolders = trainFolders.isEmpty ? Self.defaultTrain : trainFolders
        options.validationFolders = validationFolders.isEmpty ? Self.defaultValidation : validationFolders
        options.sourceSizes = parsedSizes!
        options.holdout = holdout
        options.validateEvery = validateEvery
        options.checkpointEvery = checkpointEvery
        options.initFrom = initFrom
        options.initialization = initScheme
        options.sampling = sampling
        options.reparam = reparam ? true : nil

        let trainer = try Trainer(options: options, runFolder: runFolder, resume: resume)
        let terminal = isatty(2) != 0
        trainer.report = { line, transient in
            if transient {
                if terminal { FileHandle.standardError.write("\r\u{1B}[K\(line)".data(using: .utf8)!) }
                else if line.contains("/") { print(line) }
            } else {
                if terminal { FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!) }
                print(line)
            }
            fflush(nil)
        }
        // First signal: finish the step, write a checkpoint, exit 0.
        let interrupt = InterruptHandler(notice: "writing a checkpoint after this step", quiet: false) { trainer.requestStop() }
        defer { interrupt.restore() }
        try trainer.run()
    }
}

extension InitScheme: ExpressibleByArgument {}
extension LearningRateSchedule.Kind: ExpressibleByArgument {}
extension Loss: ExpressibleByArgument {}
extension PatchSampling: ExpressibleByArgument {}
