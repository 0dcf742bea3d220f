import Testing
@testable import ResidualSRCore
@testable import ResidualSRInference
import ResidualSRTestSupport

@Suite struct EnsembleUpscalerTests {
    /// A model whose residual is exactly zero (a zero tail, as training starts) is bicubic, and so is its
    /// self-ensemble: MATLAB bicubic commutes with flips and transposes up to float rounding.
    @Test(arguments: [(2, 9, 7), (3, 5, 8), (4, 6, 6)])
    func ensembleOfABicubicModelIsBicubic(scale: Int, width: Int, height: Int) throws {
        let network = TestNetworks.random(NetworkConfig(channels: 6, blocks: 1, scale: scale), seed: 3)
        for p in network.parameters where p.name.hasPrefix("tail.") { p.set([Float](repeating: 0, count: p.count)) }
        let image = noiseImage(width: width, height: height, channels: 3, seed: 9)
        let ensemble = try EnsembleUpscaler(SRModel(network: network)).upscale(image)
        let bicubic = Bicubic.resize(image, scale: Double(scale))
        #expect((ensemble.width, ensemble.height, ensemble.channels) == (width * scale, height * scale, 3))
        #expect(maxAbsDifference(ensemble, bicubic) <= 1e-5)
    }

    /// With a real (random) network, the ensemble differs from the plain output, keeps the size on odd
    /// shapes, and equals the mean of the eight back-transformed outputs; tiling it still matches.
    @Test(arguments: [(2, 11, 7), (3, 6, 9)])
    func ensembleAveragesTheEightOrientations(scale: Int, width: Int, height: Int) throws {
        let model = TilingModelTests.randomModel(scale: scale)
        let image = noiseImage(width: width, height: height, channels: 3, seed: 2)
        let ensemble = EnsembleUpscaler(model)
        let output = try ensemble.upscale(image)
        #expect((output.width, output.height) == (width * scale, height * scale))
        var mean = [Float](repeating: 0, count: output.pixels.count)
        for transform in DihedralTransform.all {
            let back = transform.invert(try model.upscale(transform.apply(image)))
            for i in 0..<mean.count { mean[i] += back.pixels[i] / 8 }
        }
        #expect(isClose(output.pixels, mean, absolute: 1e-5))
        #expect(maxAbsDifference(output, try model.upscale(image)) > 1e-3)
        let pipeline = try UpscalePipeline(upscaler: ensemble, tileSize: 4)
        let tiled = try pipeline.upscaleWhole(FloatImageSource(image)).color
        #expect(maxAbsDifference(tiled, output) <= 1e-5)
    }
}
