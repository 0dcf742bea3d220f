import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
import ResidualSRTestSupport

@Suite struct TrainerTests {
    /// A folder of small textured PNGs (edges and gradients, so there is something to learn).
    static func makeImages(count: Int = 3, size: Int = 40) throws -> String {
        let folder = NSTemporaryDirectory() + "rsr-train-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for i in 0..<count {
            var image = FloatImage(width: size, height: size, channels: 3)
            for c in 0..<3 {
                for y in 0..<size {
                    for x in 0..<size {
                        let stripes: Float = ((x + 2 * y + 3 * i) / (3 + c)) % 2 == 0 ? 0.8 : 0.2
                        image[c, y, x] = 0.5 * stripes + 0.4 * Float(x + y) / Float(2 * size)
                    }
                }
            }
            try Image(floatImage: image).write(to: folder + "/img\(i).png", format: .png)
        }
        return folder
    }

    static func options(_ folder: String, steps: Int) -> TrainingOptions {
        var o = TrainingOptions()
        o.channels = 6
        o.blocks = 1
        o.batchSize = 3
        o.patchSize = 8
        o.steps = steps
        o.schedule.kind = .constant
        o.schedule.base = 3e-3
        o.schedule.warmupSteps = 0
        o.trainFolders = [folder]
        o.holdout = 0
        o.validateEvery = 1000
        o.checkpointEvery = 1000
        return o
    }

    /// L1 loss on a fixed batch before and after `steps` training steps on other batches.
    static func probeLosses(_ options: TrainingOptions, folder: String) throws -> (before: Double, after: Double) {
        let trainer = try Trainer(options: options, runFolder: folder + "/run", resume: false)
        let data = try TrainingSet(folders: [folder], scale: 2, minimumLowSize: 8)
        let sampler = PatchSampler(set: data, batchSize: 3, patchSize: 8, seed: 1)
        let probe = sampler.batch(10_000)
        func probeLoss() -> Double {
            let (r, _) = trainer.network.forwardTraining(probe.low)
            return Loss.l1.evaluate(prediction: r.data, target: probe.residual.data, gradient: nil, count: r.count)
        }
        let before = probeLoss()
        for step in 0..<options.steps { _ = trainer.trainStep(sampler.batch(step)) }
        return (before, probeLoss())
    }

    @Test(arguments: InitScheme.allCases)
    func aShortRunLowersTheLoss(_ scheme: InitScheme) throws {
        let folder = try Self.makeImages()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = Self.options(folder, steps: 150)
        options.initialization = scheme
        let (before, after) = try Self.probeLosses(options, folder: folder)
        #expect(after < 0.8 * before, "probe loss \(before) -> \(after)")
    }

    /// Stopping after step 2 and resuming gives bit-identical weights to running 3 steps straight.
    @Test func resumeContinuesBitIdentically() throws {
        let folder = try Self.makeImages()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (straight, resumed) = try Self.straightAndResumed(Self.options(folder, steps: 3), folder: folder) {
            #expect(throws: RSRError.self) { try Trainer(options: Self.options(folder, steps: 3), runFolder: folder + "/b", resume: false) }
        }
        for (a, b) in zip(straight.network.parameters, resumed.network.parameters) {
            #expect(a.values == b.values, "\(a.name) differs after resume")
        }
        #expect(straight.optimizer.step == 3 && resumed.optimizer.step == 3)
        let log = try String(contentsOfFile: folder + "/b/log.csv", encoding: .utf8)
        #expect(log.hasPrefix("step,loss,lr"))
    }

    /// Trains `options` (3 steps) straight into `folder/a`, and the same stopped after step 2 into
    /// `folder/b` then resumed with `resumeOptions` (default: the same); `between` runs before the resume.
    static func straightAndResumed(_ options: TrainingOptions, resumeOptions: TrainingOptions? = nil, folder: String,
                                   between: () throws -> Void = {}) throws -> (straight: Trainer, resumed: Trainer) {
        func run(_ options: TrainingOptions, _ name: String, resume: Bool) throws -> Trainer {
            let trainer = try Trainer(options: options, runFolder: folder + "/" + name, resume: resume)
            trainer.report = { _, _ in }
            try trainer.run()
            return trainer
        }
        var firstTwo = options
        firstTwo.steps = 2
        let straight = try run(options, "a", resume: false)
        _ = try run(firstTwo, "b", resume: false)
        try between()
        let resumed = try Trainer(options: resumeOptions ?? options, runFolder: folder + "/b", resume: true)
        resumed.report = { _, _ in }
        try resumed.run()
        return (straight, resumed)
    }

    /// `--init` copies the tensors whose shapes match (all but the tail from x2 to x3) and records where
    /// the weights came from.
    @Test func initCopiesMatchingWeightsAndKeepsProvenance() throws {
        let folder = try Self.makeImages()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = TestNetworks.random(NetworkConfig(channels: 6, blocks: 1, scale: 2), seed: 8)
        try ModelFile.save(source, to: folder + "/x2.safetensors", provenance: ["training_steps": "77"])
        var options = Self.options(folder, steps: 1)
        options.scale = 3
        options.initFrom = folder + "/x2.safetensors"
        let trainer = try Trainer(options: options, runFolder: folder + "/run", resume: false)
        #expect(trainer.network.head.weight.values == source.head.weight.values)
        #expect(trainer.network.tail.weight.values.allSatisfy { $0 == 0 })
        #expect(trainer.provenance()["init_training_steps"] == "77")
    }

    @Test func initialModelIsExactlyBicubic() {
        let network = SRNetwork(NetworkConfig(channels: 8, blocks: 2, scale: 3))
        network.initialize(seed: 5)
        var random = TestRandom(seed: 5)
        let r = network.residual(Tensor.random((1, 3, 6, 7), &random))
        #expect(r.values.allSatisfy { $0 == 0 })
    }

    /// PyTorch's default draws (uniform in ±1/sqrt(fan_in), biases too); the zero tail still makes the
    /// untrained model exactly bicubic.
    @Test func uniformInitialisationIsBoundedAndStartsAsBicubic() {
        let network = SRNetwork(NetworkConfig(channels: 8, blocks: 2, scale: 2))
        network.initialize(seed: 5, scheme: .uniform)
        for layer in network.layers where layer !== network.tail {
            let bound = 1 / Float(layer.patchSize).squareRoot()
            let weights = layer.weight.values, biases = layer.bias.values
            #expect((weights + biases).allSatisfy { abs($0) <= bound }, "\(layer.weight.name)")
            #expect(weights.map(abs).max()! > 0.8 * bound && biases.contains { $0 != 0 }, "\(layer.weight.name)")
        }
        var random = TestRandom(seed: 5)
        let r = network.residual(Tensor.random((1, 3, 5, 6), &random))
        #expect(r.values.allSatisfy { $0 == 0 })
    }

    @Test func scheduleWarmsUpAndDecays() {
        var s = LearningRateSchedule()
        s.base = 1e-3
        s.minimum = 1e-5
        s.warmupSteps = 10
        s.totalSteps = 110
        #expect(abs(s.rate(at: 0) - 1e-4) < 1e-9)
        #expect(abs(s.rate(at: 9) - 1e-3) < 1e-9)
        #expect(abs(s.rate(at: 60) - (1e-5 + (1e-3 - 1e-5) * 0.5)) < 1e-7)
        #expect(abs(s.rate(at: 110) - 1e-5) < 1e-9)
        s.kind = .step
        s.stepEvery = 50
        #expect(s.rate(at: 70) == 5e-4)
    }

    @Test func adamMatchesTheFormulaOnOneParameter() {
        let p = Parameter(name: "p", shape: [2])
        p.set([1, -1])
        let adam = Adam([p])
        for _ in 0..<2 {
            p.grad[0] = 0.5
            p.grad[1] = -2
            adam.update(learningRate: 0.1)
        }
        // With a constant gradient the bias-corrected step is lr * g / |g| each time.
        #expect(abs(p.value[0] - 0.8) < 1e-5 && abs(p.value[1] - (-0.8)) < 1e-5)
        p.grad[0] = 30
        p.grad[1] = 40
        #expect(adam.clipGradients(maxNorm: 5) == 50)
        #expect(abs(p.grad[0] - 3) < 1e-5 && abs(p.grad[1] - 4) < 1e-5)
    }
}
