import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
import ResidualSRTestSupport

/// Tiling with the real network (random weights), through the pipeline as production runs it: its
/// `contextRadius` must cover its receptive field.
@Suite struct TilingModelTests {
    static func randomModel(scale: Int) -> SRModel {
        let network = SRNetwork(NetworkConfig(channels: 8, blocks: 2, scale: scale))
        var state: UInt64 = 7
        for parameter in network.parameters {
            for index in 0..<parameter.count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                parameter.value[index] = (Float(state >> 40) / Float(1 << 24) - 0.5) * 0.3
            }
        }
        return SRModel(network: network)
    }

    @Test(arguments: [(2, 7), (3, 8), (2, 16)])
    func modelTiledEqualsWhole(scale: Int, tile: Int) throws {
        let model = Self.randomModel(scale: scale)
        let image = noiseImage(width: 29, height: 19, channels: 3, seed: 3)
        let whole = try model.upscale(image)
        let tiled = try TilingTests.tiled(image, with: model, tileSize: tile, threads: 2)
        #expect(maxAbsDifference(tiled, whole) <= 1e-5)
        // The network really adds something tiles could get wrong.
        #expect(maxAbsDifference(whole, Bicubic.resize(image, scale: Double(scale))) > 1e-2)
        // And too little context shows: the radius is not generous by accident.
        let short = ClaimedRadius(inner: model, contextRadius: model.contextRadius - 2)
        let seams = try TilingTests.tiled(image, with: short, tileSize: tile)
        #expect(maxAbsDifference(seams, whole) > 1e-4)
    }
}

/// `inner` with a different claimed context radius.
struct ClaimedRadius: Upscaler {
    var inner: any Upscaler
    var contextRadius: Int
    var scale: Int { inner.scale }
    var workingBytesPerInputPixel: Int { inner.workingBytesPerInputPixel }
    var usesAllCores: Bool { inner.usesAllCores }
    var resizesInOneStep: Bool { inner.resizesInOneStep }
    func upscale(_ image: FloatImage) throws -> FloatImage { try inner.upscale(image) }
}
