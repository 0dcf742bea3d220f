import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
import ResidualSRTestSupport

@Suite struct OutputSizeTests {
    @Test(arguments: [
        (OutputSize.scale(2.5), 7, 5, 18, 13),
        (.scale(1.5), 1, 9, 2, 14),
        (.scale(1), 7, 5, 7, 5),
        (.scale(4), 7, 5, 28, 20),
        (.scale(1.1), 10, 10, 11, 11),
        (.scale(2.5), 1, 1, 3, 3),
        (.width(20), 7, 5, 20, 14),
        (.width(6), 4, 3, 6, 5),
        (.width(3), 1, 9, 3, 27),
        (.height(9), 7, 5, 13, 9),
        (.height(2), 9, 1, 18, 2),
        (.fit(width: 20, height: 20), 7, 5, 20, 14),
        (.fit(width: 20, height: 20), 5, 7, 14, 20),
        (.fit(width: 100, height: 12), 7, 5, 17, 12),
        (.fit(width: 10, height: 10), 10, 10, 10, 10),
        (.exact(width: 9, height: 19), 7, 5, 9, 19),
        (.exact(width: 1, height: 4), 1, 1, 1, 4),
    ])
    func exactDimensionsAndAspectRounding(size: OutputSize, width: Int, height: Int, outWidth: Int, outHeight: Int) throws {
        let output = try size.size(width: width, height: height)
        #expect(output.width == outWidth && output.height == outHeight, "\(size) of \(width)x\(height): \(output)")
    }

    @Test(arguments: [
        OutputSize.scale(0), .scale(-2), .scale(0.5), .scale(4.01), .scale(.nan), .scale(.infinity),
        .width(0), .width(-1), .height(0), .fit(width: 0, height: 5), .exact(width: 5, height: -5),
        .width(OutputSize.maxSide + 1),
    ])
    func nonsenseIsRefusedBeforeAnyInput(size: OutputSize) {
        #expect(throws: RSRError.self) { try size.validate() }
    }

    @Test func sizesOverThePixelLimitAreRefused() throws {
        #expect(throws: RSRError.self) { try OutputSize.fit(width: 2000, height: 2000).validate(maxPixels: 3_999_999) }
        try OutputSize.fit(width: 2000, height: 2000).validate(maxPixels: 4_000_000)
    }

    @Test func sizesOutsideOneToFourTimesTheInputAreRefused() {
        #expect(throws: RSRError.self) { try OutputSize.width(29).size(width: 7, height: 5) }
        #expect(throws: RSRError.self) { try OutputSize.exact(width: 7, height: 21).size(width: 7, height: 5) }
        #expect(throws: RSRError.self) { try OutputSize.width(6).size(width: 7, height: 5) }
        #expect(throws: RSRError.self) { try OutputSize.fit(width: 3, height: 3).size(width: 7, height: 5) }
    }

    @Test func theSmallestScaleThatReachesTheSizeRuns() throws {
        func scale(_ size: OutputSize, _ width: Int, _ height: Int, _ scales: [Int] = [4, 2, 3]) throws -> Int {
            try OutputSize.networkScale(for: size.size(width: width, height: height), width: width, height: height, scales: scales)
        }
        #expect(try scale(.scale(2.5), 7, 5) == 3)
        #expect(try scale(.scale(1), 7, 5) == 2)
        #expect(try scale(.scale(3), 7, 5) == 3)
        #expect(try scale(.width(15), 7, 5) == 3)
        #expect(try scale(.exact(width: 8, height: 20), 7, 5) == 4)
        #expect(try scale(.scale(1.5), 7, 5, [3]) == 3)
        #expect(throws: RSRError.self) { try scale(.scale(3.5), 7, 5, [2, 3]) }
    }

    @Test func labelsNameFilesAndRoundTrip() {
        let sizes: [OutputSize] = [.scale(2), .scale(2.5), .width(1920), .height(1080), .fit(width: 1920, height: 1080),
                                   .exact(width: 640, height: 480)]
        #expect(sizes.map(\.label) == ["2", "2.5", "1920w", "1080h", "fit1920x1080", "640x480"])
        #expect(sizes.compactMap { OutputSize(label: $0.label) } == sizes)
        #expect(OutputSize(label: "wide") == nil)
        #expect(OutputSize.scale(3).integerScale == 3 && OutputSize.scale(2.5).integerScale == nil && OutputSize.scale(1).integerScale == nil)
    }
}
