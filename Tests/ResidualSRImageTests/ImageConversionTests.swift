import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

@Suite struct ImageConversionTests {
    @Test func eightBitFloatRoundTripIsExact() {
        let image = TestImages.pattern8(width: 5, height: 3, channels: 4)
        let float = image.floatImage()
        #expect(float.channels == 4 && float[1, 2, 3] == Float(image.samplesAsInts[(2 * 5 + 3) * 4 + 1]) / 255)
        #expect(Image(floatImage: float).samples == image.samples)
    }

    @Test func sixteenBitFloatRoundTripIsExact() {
        let image = TestImages.pattern16(width: 4, height: 3, channels: 3)
        #expect(Image(floatImage: image.floatImage(), bitDepth: 16).samples == image.samples)
    }

    @Test func quantizationClampsAndRounds() {
        let float = FloatImage(width: 5, height: 1, channels: 1, pixels: [-0.5, 1.5, .nan, 0.5 / 255, 0.49 / 255])
        #expect(Image(floatImage: float).samples == .eight([0, 255, 0, 1, 0]))
    }

    @Test func rgbPlanesForTheUpscaler() {
        let gray = TestImages.pattern8(width: 3, height: 2, channels: 2)
        let rgb = gray.floatRGB()
        #expect(rgb.channels == 3 && rgb.planes(2..<3) == gray.floatPlanes().color)
        let rgba = TestImages.pattern8(width: 3, height: 2, channels: 4)
        #expect(rgba.floatRGB() == rgba.floatImage().planes(0..<3))
    }

    @Test func splitsColourAndAlpha() {
        let image = TestImages.pattern8(width: 3, height: 2, channels: 2)
        let (color, alpha) = image.floatPlanes()
        #expect(color.channels == 1 && alpha?.channels == 1)
        #expect(Image(color: color, alpha: alpha).samples == image.samples)
        #expect(TestImages.pattern8(width: 3, height: 2, channels: 3).floatPlanes().alpha == nil)
    }
}

extension Image {
    var samplesAsInts: [Int] {
        switch samples {
        case .eight(let values): values.map(Int.init)
        case .sixteen(let values): values.map(Int.init)
        }
    }
}
