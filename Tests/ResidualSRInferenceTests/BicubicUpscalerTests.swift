import Testing
@testable import ResidualSRCore
@testable import ResidualSRInference
import ResidualSRTestSupport

@Suite struct BicubicUpscalerTests {
    @Test func rejectsNonsenseScale() {
        #expect(throws: RSRError.self) { try BicubicUpscaler(scale: 0) }
    }

    /// The contract tiling relies on: a tile cut with `contextRadius` pixels of margin reproduces
    /// the whole-image result in its interior.
    @Test(arguments: [2, 3, 4])
    func contextRadiusIsEnoughForTiles(scale: Int) throws {
        let upscaler = try BicubicUpscaler(scale: scale)
        let image = noiseImage(width: 16, height: 12, channels: 3, seed: 3)
        let whole = try upscaler.upscale(image)
        let r = upscaler.contextRadius
        // LR tile x 5..<10, y 4..<8, cut with margin r.
        let (x0, x1, y0, y1) = (5, 10, 4, 8)
        var tile = FloatImage(width: x1 - x0 + 2 * r, height: y1 - y0 + 2 * r, channels: 3)
        for c in 0..<3 {
            for y in 0..<tile.height {
                for x in 0..<tile.width {
                    tile[c, y, x] = image[c, y0 - r + y, x0 - r + x]
                }
            }
        }
        let upTile = try upscaler.upscale(tile)
        var worst: Float = 0
        for c in 0..<3 {
            for y in (y0 * scale)..<(y1 * scale) {
                for x in (x0 * scale)..<(x1 * scale) {
                    worst = max(
                        worst, abs(whole[c, y, x] - upTile[c, y - (y0 - r) * scale, x - (x0 - r) * scale]))
                }
            }
        }
        #expect(worst < 1e-6)
    }
}
