import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
import ResidualSRTestSupport

/// Model selection uses held-out training images only; validation folders are reported, never chosen on.
@Suite struct SelectionTests {
    @Test func holdOutIsEvenlySpacedDisjointAndBounded() {
        let files = (0..<291).map { String(format: "f%03d", $0) }
        let (training, heldOut) = TrainingSet.holdOut(10, of: files)
        #expect(heldOut.count == 10 && training.count == 281)
        #expect(Set(training).isDisjoint(with: heldOut) && Set(training + heldOut) == Set(files))
        // Spread through the whole list (both training folders), the same every time.
        #expect(heldOut.first! < "f029" && heldOut.last! > "f262")
        #expect(TrainingSet.holdOut(10, of: files).heldOut == heldOut)
        #expect(TrainingSet.holdOut(0, of: files).heldOut.isEmpty)
        #expect(TrainingSet.holdOut(5, of: ["a", "b", "c"]).heldOut.count == 1, "at most half is held out")
        #expect(TrainingSet.holdOut(1, of: ["a"]).training == ["a"])
    }

    /// With a held-out image, the best model is chosen on it, and the validation folder only appears in the
    /// log and metadata; with --holdout 0 the saved model is the last step's.
    @Test func bestModelIsChosenOnHeldOutImagesOnly() throws {
        let folder = try TrainerTests.makeImages(count: 4)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = TrainerTests.options(folder, steps: 4)
        options.holdout = 1
        options.validateEvery = 2
        options.validationFolders = [folder]
        let trainer = try Trainer(options: options, runFolder: folder + "/run", resume: false)
        trainer.report = { _, _ in }
        try trainer.run()
        let (_, metadata) = try ModelFile.load(trainer.bestModelPath)
        #expect(metadata["selected_on"] == "Y-PSNR of 1 held-out training images")
        #expect(metadata["validation_psnr_holdout"] != nil && metadata["validation_psnr_" + URL(fileURLWithPath: folder).lastPathComponent] != nil)
        let log = try String(contentsOfFile: trainer.logPath, encoding: .utf8)
        #expect(log.hasPrefix("step,loss,lr,psnr_") && log.contains("psnr_holdout"))

        // A request larger than half the files is capped, and the metadata names the real count.
        options.holdout = 10
        let capped = try Trainer(options: options, runFolder: folder + "/capped", resume: false)
        capped.report = { _, _ in }
        try capped.run()
        #expect(try ModelFile.load(capped.bestModelPath).1["selected_on"] == "Y-PSNR of 2 held-out training images")

        options.holdout = 0
        let latest = try Trainer(options: options, runFolder: folder + "/latest", resume: false)
        latest.report = { _, _ in }
        try latest.run()
        let (saved, savedMetadata) = try ModelFile.load(latest.bestModelPath)
        #expect(savedMetadata["selected_on"] == "last step" && savedMetadata["training_steps"] == "4")
        for (a, b) in zip(saved.parameters, latest.network.parameters) { #expect(a.values == b.values, "\(a.name)") }
    }

    /// `.area` picks a source in proportion to its patch positions, `.image` uniformly.
    @Test func areaSamplingFollowsPatchPositions() throws {
        let folder = NSTemporaryDirectory() + "rsr-sampling-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // LR 8x8 (1 position) and 8x23 (16 positions) with an 8x8 patch; the images differ in brightness.
        for (name, width, value) in [("a", 16, Float(0.1)), ("b", 46, Float(0.9))] {
            var image = FloatImage(width: width, height: 16, channels: 3)
            image.pixels = [Float](repeating: value, count: image.pixels.count)
            try Image(floatImage: image).write(to: folder + "/\(name).png", format: .png)
        }
        let data = try TrainingSet(folders: [folder], scale: 2, minimumLowSize: 8)
        func brightShare(_ sampling: PatchSampling) -> Double {
            let sampler = PatchSampler(set: data, batchSize: 50, patchSize: 8, seed: 3, sampling: sampling)
            var bright = 0
            for step in 0..<40 {
                let low = sampler.batch(step).low
                for n in 0..<50 where low.image(n)[0] > 0.5 { bright += 1 }
            }
            return Double(bright) / 2000
        }
        #expect(abs(brightShare(.area) - 16.0 / 17) < 0.03)
        #expect(abs(brightShare(.image) - 0.5) < 0.05)
    }
}
