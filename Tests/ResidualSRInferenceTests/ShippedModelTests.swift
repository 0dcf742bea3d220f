import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
import ResidualSRTestSupport

/// The models in Models/ load, say where they came from, and beat bicubic on a sample photo.
@Suite struct ShippedModelTests {
    @Test(arguments: ModelRegistry.scales)
    func shippedModelBeatsBicubicOnASample(_ scale: Int) throws {
        let model = try ModelRegistry.load(nil, scale: scale)
        // Trained on the training sets only: never on the Set5/Set14 it is reported on.
        let sets = try #require(model.metadata["training_data"]).split(separator: "+").map(String.init)
        let trainingSets: Set = ["t91", "bsd200", "bsds500test", "sunhays80", "kodak24", "mcmaster18"]
        #expect(!sets.isEmpty && sets.allSatisfy(trainingSets.contains), "\(sets)")
        // Chosen on held-out training images; Set5/Set14 are only reported.
        #expect(model.metadata["selected_on"]?.hasSuffix("held-out training images") == true)
        #expect(model.network.config.macsPerPixel <= 200_000, "the default models must stay fast")
        let photo = try Image.decode(file: "Samples/coffee.png").floatRGB()
        let truth = photo.cropped(width: 240, height: 240)
        let options = BenchmarkOptions(scale: scale)
        let sr = try Benchmark.measure(groundTruth: truth, upscaler: model, options: options)
        let bicubic = try Benchmark.measure(groundTruth: truth, upscaler: BicubicUpscaler(scale: scale), options: options)
        #expect(sr.score.psnr > bicubic.score.psnr + 0.5, "x\(scale): \(sr.score.psnr) vs bicubic \(bicubic.score.psnr)")
    }
}
