import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRInference
@testable import ResidualSRTraining
import ResidualSRTestSupport

@Suite struct RepNetworkTests {
    static func options(_ folder: String, steps: Int) -> TrainingOptions {
        var o = TrainerTests.options(folder, steps: steps)
        o.reparam = true
        return o
    }

    /// The re-parameterised start is the plain initialisation (same seed) with an exactly zero tail, so
    /// the untrained model is exactly bicubic.
    @Test func initialisationMatchesThePlainOneAndStartsAsBicubic() {
        let config = NetworkConfig(channels: 8, blocks: 2, scale: 3)
        let plain = SRNetwork(config)
        plain.initialize(seed: 5, scheme: .uniform)
        let network = SRNetwork(config)
        network.initialize(seed: 5, scheme: .uniform)
        let rep = RepNetwork(network)
        rep.initialize(seed: 5)
        #expect(rep.parameters.count == 5 * network.layers.count + 6 * network.layers.count
                + network.layers.filter { $0.inChannels == $0.outChannels }.count)
        for (a, b) in zip(network.parameters, plain.parameters) {
            #expect(isClose(a.values, b.values, absolute: 1e-6), "\(a.name)")
        }
        #expect(network.tail.weight.values.allSatisfy { $0 == 0 } && network.tail.bias.values.allSatisfy { $0 == 0 })
        var random = TestRandom(seed: 5)
        #expect(network.residual(Tensor.random((1, 3, 6, 7), &random)).values.allSatisfy { $0 == 0 })
    }

    /// After one update every branch tensor gets a gradient: no product starts with both factors at zero.
    @Test func everyBranchLearns() throws {
        let folder = try TrainerTests.makeImages()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let trainer = try Trainer(options: Self.options(folder, steps: 2), runFolder: folder + "/run", resume: false)
        let data = try TrainingSet(folders: [folder], scale: 2, minimumLowSize: 8)
        let sampler = PatchSampler(set: data, batchSize: 3, patchSize: 8, seed: 1)
        _ = trainer.trainStep(sampler.batch(0))
        _ = trainer.trainStep(sampler.batch(1))
        let rep = try #require(trainer.reparam)
        for parameter in rep.parameters {
            #expect(parameter.grad.contains { $0 != 0 }, "\(parameter.name) has no gradient")
        }
        // The network always holds the merge of the current branches.
        for (conv, layer) in zip(rep.convs, trainer.network.layers) {
            #expect(conv.merged().kernel == layer.weight.values && conv.merged().bias == layer.bias.values)
        }
    }

    @Test func aShortRunLowersTheLoss() throws {
        let folder = try TrainerTests.makeImages()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (before, after) = try TrainerTests.probeLosses(Self.options(folder, steps: 150), folder: folder)
        #expect(after < 0.8 * before, "probe loss \(before) -> \(after)")
    }

    /// Stopping after step 2 and resuming gives bit-identical branches, Adam moments and merged weights
    /// to running 3 steps straight; the saved model is the plain merged network.
    @Test func resumeIsBitIdenticalAndTheSavedModelIsPlain() throws {
        let folder = try TrainerTests.makeImages()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A plain command line on resume still continues the branched run the checkpoint holds.
        let (straight, resumed) = try TrainerTests.straightAndResumed(Self.options(folder, steps: 3),
                                                                      resumeOptions: TrainerTests.options(folder, steps: 3), folder: folder)
        #expect(resumed.reparam != nil)

        for (a, b) in zip(straight.optimizer.parameters, resumed.optimizer.parameters) {
            #expect(a.name == b.name && a.values == b.values, "\(a.name) differs after resume")
        }
        for (a, b) in zip(straight.optimizer.moments, resumed.optimizer.moments) {
            #expect(a.m == b.m && a.v == b.v)
        }
        for (a, b) in zip(straight.network.parameters, resumed.network.parameters) {
            #expect(a.values == b.values, "\(a.name) differs after resume")
        }
        #expect(straight.optimizer.step == 3 && resumed.optimizer.step == 3)

        let file = try SafeTensors.read(file: resumed.bestModelPath)
        #expect(Set(file.order) == Set(resumed.network.parameters.map(\.name)))
        #expect(file.metadata["training_settings"]?.contains("reparam") == true)
        let (saved, _) = try ModelFile.load(resumed.bestModelPath)
        for (a, b) in zip(saved.parameters, resumed.network.parameters) { #expect(a.values == b.values, "\(a.name)") }
    }
}
