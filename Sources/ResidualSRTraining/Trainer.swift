import Foundation
import Synchronization
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// Trains the residual network: background patch sampling, L1/L2 loss, Adam, warm-up + decay, gradient
/// clipping, periodic validation with the benchmark protocol, CSV/SVG logs, checkpoints and resume.
public final class Trainer: @unchecked Sendable {
    public let options: TrainingOptions
    public let runFolder: String
    public let network: SRNetwork
    /// The branch parameters with `--reparam` (the optimiser trains them; `network` holds their merge).
    public let reparam: RepNetwork?
    public let optimizer: Adam
    /// Receives progress lines; `transient` lines may be overwritten by the next one (a terminal's \r).
    public var report: (_ line: String, _ transient: Bool) -> Void = { line, _ in print(line) }

    private var step = 0
    private var bestPSNR = -Double.infinity
    private var elapsedBefore = 0.0
    private let stopRequested = Atomic<Bool>(false)
    private var lastValidation: [String: Double] = [:]
    /// Provenance of the `--init` model, carried into this run's model files.
    private var initProvenance: [String: String] = [:]
    /// Training images actually held out (`--holdout`, capped at half the files), set by `run()`.
    private var heldOutCount = 0

    /// Name of the held-out selection set in logs and metadata.
    public static let holdoutName = "holdout"

    public var checkpointPath: String { runFolder + "/checkpoint.safetensors" }
    public var bestModelPath: String { runFolder + "/best.safetensors" }
    public var logPath: String { runFolder + "/log.csv" }
    public var plotPath: String { runFolder + "/curves.svg" }

    public init(options: TrainingOptions, runFolder: String, resume: Bool) throws {
        self.runFolder = runFolder
        try OutputFolder.create(runFolder)
        let checkpointExists = FileManager.default.fileExists(atPath: runFolder + "/checkpoint.safetensors")
        if checkpointExists && !resume {
            throw RSRError(.invalidArgument, "holds a checkpoint; pass --resume to continue it or choose another folder",
                           path: runFolder)
        }
        var options = options
        if resume && checkpointExists {
            // The checkpoint's options define the run; only the step budget may be extended.
            let saved = try Checkpoint.options(at: runFolder + "/checkpoint.safetensors")
            let requestedSteps = options.steps
            options = saved
            options.steps = max(requestedSteps, saved.steps)
            options.schedule.totalSteps = saved.schedule.totalSteps
        }
        self.options = options
        network = SRNetwork(options.network)
        reparam = options.isReparameterised ? RepNetwork(network) : nil
        optimizer = Adam(reparam?.parameters ?? network.parameters)
        if resume && checkpointExists {
            let state = try Checkpoint.load(checkpointPath, into: optimizer)
            reparam?.merge()
            step = state.step
            bestPSNR = state.bestPSNR
            elapsedBefore = state.elapsedSeconds
        } else {
            network.initialize(seed: options.seed, scheme: options.initialization)
            if let path = options.initFrom {
                let (source, metadata) = try ModelFile.load(path)
                for key in ["training_steps", "training_settings"] {
                    if let value = metadata[key] { initProvenance["init_" + key] = value }
                }
                let copied = network.copyMatchingWeights(from: source)
                report("initialised \(copied.count) of \(network.parameters.count) tensors from \(path)", false)
            }
            reparam?.initialize(seed: options.seed)
        }
    }

    /// Asks the loop to save a checkpoint and return after the current step (signal-safe to call).
    public func requestStop() { stopRequested.store(true, ordering: .relaxed) }

    // MARK: Loop

    public func run() throws {
        let o = options
        let (trainingFiles, heldOut) = TrainingSet.holdOut(o.holdout, of: try TrainingSet.files(in: o.trainFolders))
        let data = try TrainingSet(files: trainingFiles, scale: o.scale, sizes: o.sourceSizes,
                                   minimumLowSize: o.patchSize) { self.report($0, false) }
        guard !data.pairs.isEmpty else {
            throw RSRError(.invalidArgument, "no training image is at least \(o.patchSize * o.scale) pixels on each side")
        }
        heldOutCount = heldOut.count
        let selection = try heldOut.isEmpty ? nil : ValidationSet(name: Self.holdoutName, files: heldOut, scale: o.scale)
        let validation = try [selection].compactMap { $0 } + o.validationFolders.map { try ValidationSet(folder: $0, scale: o.scale) }
        if !heldOut.isEmpty { report("holdout: \(heldOut.count) training images kept out of training to select the best model", false) }
        let sampler = PatchSampler(set: data, batchSize: o.batchSize, patchSize: o.patchSize, seed: o.seed,
                                   sampling: o.sampling)
        let prefetcher = BatchPrefetcher(sampler, startStep: step)
        defer { prefetcher.stop() }
        let log = try TrainingLog(csv: logPath, svg: plotPath, resumeAt: step)
        if step == 0 { validate(validation, log: log, loss: .nan, rate: 0, imagesPerSecond: 0, gflops: 0) }

        let flopsPerStep = 3.0 * 2 * Double(o.network.macsPerPixel * o.patchSize * o.patchSize * o.batchSize)
        let started = Date()
        var windowStart = Date(), windowSteps = 0, windowLoss = 0.0
        while step < o.steps {
            let batch = prefetcher.take(step)
            let loss = trainStep(batch)
            step += 1
            windowSteps += 1
            windowLoss += loss
            let elapsed = Date().timeIntervalSince(windowStart)
            let stepsPerSecond = Double(windowSteps) / max(elapsed, 1e-9)
            if windowSteps % 10 == 0 || step == o.steps {
                let eta = Double(o.steps - step) / stepsPerSecond
                let psnr = lastValidation.isEmpty ? "" : " | val " + lastValidation.sorted { $0.key < $1.key }
                    .map { String(format: "%@ %.2f", $0.key, $0.value) }.joined(separator: ", ") + " dB"
                report(String(format: "step %d/%d | loss %.5f | lr %.2e | %.2f steps/s (%.0f GFLOP/s) | ETA %@%@",
                              step, o.steps, windowLoss / Double(windowSteps), o.schedule.rate(at: step - 1),
                              stepsPerSecond, stepsPerSecond * flopsPerStep / 1e9, Self.duration(eta), psnr), true)
            }
            let validateNow = step % o.validateEvery == 0 || step == o.steps
            if validateNow || stopRequested.load(ordering: .relaxed) || step % o.checkpointEvery == 0 {
                let meanLoss = windowLoss / Double(windowSteps)
                if validateNow {
                    validate(validation, log: log, loss: meanLoss, rate: o.schedule.rate(at: step - 1),
                             imagesPerSecond: stepsPerSecond * Double(o.batchSize), gflops: stepsPerSecond * flopsPerStep / 1e9)
                } else {
                    log.append(step: step, loss: meanLoss, rate: o.schedule.rate(at: step - 1), validation: [:],
                               imagesPerSecond: stepsPerSecond * Double(o.batchSize), gflops: stepsPerSecond * flopsPerStep / 1e9)
                }
                windowStart = Date()
                windowSteps = 0
                windowLoss = 0
                try saveCheckpoint(elapsed: Date().timeIntervalSince(started))
                if stopRequested.load(ordering: .relaxed) {
                    report("stopped at step \(step); checkpoint saved to \(checkpointPath) (continue with --resume)", false)
                    return
                }
            }
        }
        report("finished \(step) steps in \(Self.duration(elapsedBefore + Date().timeIntervalSince(started))); best model: \(bestModelPath)", false)
    }

    /// One optimisation step; returns the loss.
    public func trainStep(_ batch: Batch) -> Double {
        Self.step(network, optimizer, batch, loss: options.loss, clipNorm: options.clipNorm,
                  learningRate: options.schedule.rate(at: step), reparam: reparam)
    }

    /// Forward, loss, backward, clip and update on one batch; returns the loss. Also what
    /// `rsr bench --speed` times as a training step. With `reparam`, forward and backward run on the
    /// merged weights in `network`, the optimiser updates the branches, and they are merged again.
    public static func step(_ network: SRNetwork, _ optimizer: Adam, _ batch: Batch, loss: Loss, clipNorm: Float,
                     learningRate: Float, reparam: RepNetwork? = nil) -> Double {
        if let reparam { reparam.zeroGrad() } else { network.zeroGrad() }
        let (residual, activations) = network.forwardTraining(batch.low)
        let gradient = Tensor(shapeOf: residual, zeroed: false)
        let value = loss.evaluate(prediction: residual.data, target: batch.residual.data,
                                  gradient: gradient.data, count: residual.count)
        network.backward(activations, residualGrad: gradient)
        reparam?.accumulateGradients()
        optimizer.clipGradients(maxNorm: clipNorm)
        optimizer.update(learningRate: learningRate)
        reparam?.merge()
        return value
    }

    private func validate(_ sets: [ValidationSet], log: TrainingLog, loss: Double, rate: Float,
                          imagesPerSecond: Double, gflops: Double) {
        let model = SRModel(network: network)
        var scores: [String: Double] = [:]
        for set in sets { scores[set.name] = set.meanPSNR(model) }
        lastValidation = scores
        let summary = sets.map { String(format: "%@ %.3f dB (bicubic %.3f)", $0.name, scores[$0.name]!, $0.bicubicPSNR) }
        if !sets.isEmpty { report("validation at step \(step): " + summary.joined(separator: ", "), false) }
        log.append(step: step, loss: loss, rate: rate, validation: scores, imagesPerSecond: imagesPerSecond, gflops: gflops)
        // Only held-out training images select the model; without them the latest model is kept. The
        // validation folders are reported, never used to choose.
        let selectionPSNR = scores[Self.holdoutName]
        if selectionPSNR.map({ $0 > bestPSNR }) ?? true {
            bestPSNR = selectionPSNR ?? bestPSNR
            var provenance = provenance()
            for (name, value) in scores { provenance["validation_psnr_" + name] = String(format: "%.3f", value) }
            try? ModelFile.save(network, to: bestModelPath, provenance: provenance)
        }
    }

    public func provenance() -> [String: String] {
        let o = options
        var settings = "batch \(o.batchSize), LR patch \(o.patchSize), \(o.loss.rawValue), Adam \(o.schedule.base) "
        settings += "\(o.schedule.kind.rawValue) warm-up \(o.schedule.warmupSteps), clip \(o.clipNorm), seed \(o.seed), "
        settings += "flips+rotations, holdout \(o.holdout), sizes \(o.sourceSizes), init \(o.initialization.rawValue), "
        settings += "sampling \(o.sampling.rawValue)"
        if o.isReparameterised { settings += ", reparam (branches merged)" }
        if let initFrom = o.initFrom { settings += ", init " + URL(fileURLWithPath: initFrom).lastPathComponent }
        return [
            "training_data": o.trainFolders.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: "+"),
            "training_steps": String(step),
            "training_settings": settings,
            "trainer": "rsr train \(BuildInfo.version)",
            "selected_on": heldOutCount > 0 ? "Y-PSNR of \(heldOutCount) held-out training images" : "last step",
        ].merging(initProvenance) { current, _ in current }
    }

    private func saveCheckpoint(elapsed: Double) throws {
        try Checkpoint.save(optimizer, state: Checkpoint(options: options, step: step, bestPSNR: bestPSNR,
                                                                  elapsedSeconds: elapsedBefore + elapsed), to: checkpointPath)
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds)
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s / 60 % 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
