import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct QuantizeTests {
    @Test func roundsHalfAwayFromZeroAndSaturates() {
        #expect(Quantize.uint8(2.5) == 3)
        #expect(Quantize.uint8(2.4999) == 2)
        #expect(Quantize.uint8(-0.5) == 0)
        #expect(Quantize.uint8(-7) == 0)
        #expect(Quantize.uint8(254.5) == 255)
        #expect(Quantize.uint8(300) == 255)
    }

    @Test func imageSnapsToTheNearestOf256Levels() {
        let image = FloatImage(width: 4, height: 1, channels: 1, pixels: [0.5, 1.2, -0.1, 3.4 / 255])
        #expect(image.quantizedToUInt8().pixels == [128 / 255, 1, 0, 3 / 255])
        #expect(image.uint8Plane(0).samples == [128, 255, 0, 3])
    }

    @Test func modcropKeepsTheTopLeftMultipleOfScale() {
        let image = FloatImage(width: 7, height: 5, channels: 2, pixels: (0..<70).map(Float.init))
        let cropped = image.modcropped(3)
        #expect(cropped.width == 6 && cropped.height == 3 && cropped.channels == 2)
        #expect(cropped[1, 2, 5] == image[1, 2, 5] && cropped[0, 0, 0] == 0)
        #expect(image.modcropped(1) == image)
    }

    @Test func shaveAndCropPlanes() {
        let plane = MetricPlane(width: 5, height: 4, samples: (0..<20).map(Double.init))
        #expect(plane.shaved(1).samples == [6, 7, 8, 11, 12, 13])
        #expect(plane.shaved(2).samples.isEmpty)
        #expect(plane.cropped(width: 2, height: 2).samples == [0, 1, 5, 6])
    }
}
