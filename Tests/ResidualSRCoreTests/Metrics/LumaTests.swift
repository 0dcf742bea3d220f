import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct LumaTests {
    static func rgb(_ red: Float, _ green: Float, _ blue: Float) -> FloatImage {
        FloatImage(width: 1, height: 1, channels: 3, pixels: [red / 255, green / 255, blue / 255])
    }

    @Test func bt601StudioRange() {
        #expect(Luma.measuredPlane(Self.rgb(255, 255, 255), groundTruthIsGray: false).samples == [235])
        #expect(Luma.measuredPlane(Self.rgb(0, 0, 0), groundTruthIsGray: false).samples == [16])
        // 16 + 65.481 = 81.481 -> 81; unrounded it stays.
        #expect(Luma.measuredPlane(Self.rgb(255, 0, 0), groundTruthIsGray: false).samples == [81])
        let unrounded = Luma.measuredPlane(Self.rgb(255, 0, 0), groundTruthIsGray: false, roundY: false)
        #expect(abs(unrounded.samples[0] - 81.481) < 1e-9)
        // 16 + (65.481*10 + 128.553*20 + 24.966*30)/255 = 31.587... -> 32
        #expect(Luma.measuredPlane(Self.rgb(10, 20, 30), groundTruthIsGray: false).samples == [32])
    }

    @Test func grayGroundTruthIsItsOwnY() {
        let gray = FloatImage(width: 2, height: 1, channels: 1, pixels: [100 / 255, 7 / 255])
        #expect(Luma.measuredPlane(gray, groundTruthIsGray: true).samples == [100, 7])
        // A colour output with R = G = B lands on the same scale as the gray truth.
        #expect(Luma.measuredPlane(Self.rgb(100, 100, 100), groundTruthIsGray: true).samples == [100])
        // --gray rgb: 16 + 219 * 100/255 = 101.88 -> 102.
        #expect(Luma.measuredPlane(gray, groundTruthIsGray: true, gray: .rgb).samples == [102, 22])
    }
}
