import Testing
@testable import ResidualSRCore
@testable import ResidualSRInference
import ResidualSRTestSupport

@Suite struct DihedralTransformTests {
    /// Each transform and its inverse round-trip on a non-square image, and the eight are distinct.
    @Test func eachTransformRoundTripsAndAllAreDistinct() {
        let image = noiseImage(width: 5, height: 3, channels: 2, seed: 4)
        var seen: [FloatImage] = []
        for transform in DihedralTransform.all {
            let moved = transform.apply(image)
            #expect((moved.width, moved.height) == (transform.transposes ? (3, 5) : (5, 3)))
            #expect(transform.invert(moved) == image, "transform \(transform.index)")
            #expect(!seen.contains(moved), "transform \(transform.index) repeats another")
            seen.append(moved)
        }
    }

    /// Known positions: 1 mirrors x, 2 mirrors y, 4 transposes, 5 transposes and mirrors (a rotation).
    @Test func transformsMoveKnownPixels() {
        let image = FloatImage(width: 3, height: 2, channels: 1, pixels: [0, 1, 2, 3, 4, 5])
        #expect(DihedralTransform(0).apply(image).pixels == [0, 1, 2, 3, 4, 5])
        #expect(DihedralTransform(1).apply(image).pixels == [2, 1, 0, 5, 4, 3])
        #expect(DihedralTransform(2).apply(image).pixels == [3, 4, 5, 0, 1, 2])
        #expect(DihedralTransform(4).apply(image).pixels == [0, 3, 1, 4, 2, 5])
        #expect(DihedralTransform(5).apply(image).pixels == [2, 5, 1, 4, 0, 3])
    }
}
