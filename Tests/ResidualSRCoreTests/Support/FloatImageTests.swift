import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct FloatImageTests {
    @Test func planesAndStackingRoundTrip() {
        let image = FloatImage(width: 3, height: 2, channels: 4, pixels: (0..<24).map(Float.init))
        let rgb = image.planes(0..<3), alpha = image.planes(3..<4)
        #expect(rgb.channels == 3 && alpha.pixels == (18..<24).map(Float.init))
        #expect(FloatImage.stacking([rgb, alpha]) == image)
        #expect(image[1, 1, 2] == 11)
    }
}
