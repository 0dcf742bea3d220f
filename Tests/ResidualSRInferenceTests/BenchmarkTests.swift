import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
import ResidualSRTestSupport

/// End-to-end anchors: the expected numbers were computed by srref (the numpy reference) on the
/// same synthetic image, so these tests pin the whole protocol, not just its parts.
@Suite struct BenchmarkTests {
    /// A deterministic 31x26 RGB pattern of 8-bit values, busy enough that every step matters.
    static func pattern() -> FloatImage {
        let (width, height) = (31, 26)
        var image = FloatImage(width: width, height: height, channels: 3)
        for y in 0..<height {
            for x in 0..<width {
                image[0, y, x] = Float((x * 37 + y * 11) % 256) / 255
                image[1, y, x] = Float((x * x * 3 + y * 29 + 7) % 256) / 255
                image[2, y, x] = Float(((x + y) * 53 + x * y) % 256) / 255
            }
        }
        return image
    }

    @Test(arguments: [
        (2, 17.095936104571063, 0.3388277490771053), (3, 16.171237232128913, 0.1209888120934172),
    ])
    func paperProtocolMatchesSrref(scale: Int, psnr: Double, ssim: Double) throws {
        let result = try Benchmark.measurePaperBicubic(
            groundTruth: Self.pattern(), options: BenchmarkOptions(scale: scale))
        #expect(abs(result.score.psnr - psnr) < 1e-6 && abs(result.score.ssim - ssim) < 1e-7)
    }

    @Test(arguments: [
        (2, 17.093358300497307, 0.33844683643108847), (3, 16.170104152222617, 0.12053746038749101),
    ])
    func rgbProtocolMatchesSrref(scale: Int, psnr: Double, ssim: Double) throws {
        let result = try Benchmark.measure(
            groundTruth: Self.pattern(), upscaler: try BicubicUpscaler(scale: scale),
            options: BenchmarkOptions(scale: scale))
        #expect(result.size.width == 31 - 31 % scale && result.size.height == 26 - 26 % scale)
        // srref resizes in float64, where some x2 sums land exactly on .5; in Float one of them here
        // rounds the other way (-0.0002 dB). Anything beyond a couple of such flips is a real bug.
        #expect(abs(result.score.psnr - psnr) < 1e-3 && abs(result.score.ssim - ssim) < 1e-5)
    }

    /// Set14's gray `bridge` case: the gray values are Y, in both protocols.
    @Test func grayGroundTruthMatchesSrref() throws {
        let gray = Self.pattern().planes(1..<2), options = BenchmarkOptions(scale: 2)
        let paper = try Benchmark.measurePaperBicubic(groundTruth: gray, options: options)
        #expect(
            abs(paper.score.psnr - 12.01900195484193) < 1e-6
                && abs(paper.score.ssim - 0.2421291931449255) < 1e-7)
        let rgb = try Benchmark.measure(
            groundTruth: gray, upscaler: try BicubicUpscaler(scale: 2), options: options)
        #expect(
            abs(rgb.score.psnr - 12.02015449862525) < 1e-6 && abs(rgb.score.ssim - 0.24229634877219527) < 1e-7
        )
        var asRGB = options
        asRGB.gray = .rgb
        let other = try Benchmark.measure(
            groundTruth: gray, upscaler: try BicubicUpscaler(scale: 2), options: asRGB)
        #expect(
            abs(other.score.psnr - 13.344472778185557) < 1e-6
                && abs(other.score.ssim - 0.24564684289045377) < 1e-7)
    }

    @Test func outputsOffByLessThanAModcropAreCroppedWithANote() throws {
        let truth = Self.pattern(), options = BenchmarkOptions(scale: 4)  // modcrop -> 28x24
        let exact = try Benchmark.measure(
            output: truth.cropped(width: 28, height: 24), groundTruth: truth, options: options)
        #expect(exact.note == nil && exact.score.psnr == .infinity)
        let short = try Benchmark.measure(
            output: truth.cropped(width: 27, height: 24), groundTruth: truth, options: options)
        #expect(short.note != nil && short.size.width == 27 && short.score.psnr == .infinity)
        #expect(throws: RSRError.self) {
            try Benchmark.measure(
                output: truth.cropped(width: 24, height: 24), groundTruth: truth, options: options)
        }
    }

    @Test func upscalerOfTheWrongScaleIsRejected() throws {
        #expect(throws: RSRError.self) {
            try Benchmark.measure(
                groundTruth: Self.pattern(), upscaler: try BicubicUpscaler(scale: 3),
                options: BenchmarkOptions(scale: 2))
        }
    }

    @Test func tooSmallImagesAreRejected() {
        let tiny = FloatImage(width: 14, height: 14, channels: 3, repeating: 0.5)
        #expect(throws: RSRError.self) {
            try Benchmark.measurePaperBicubic(groundTruth: tiny, options: BenchmarkOptions(scale: 2))
        }
    }

    @Test func outputsMatchByStemAndSuffix() {
        let truth = ["/hr/img_001.png", "/hr/img_002.png", "/hr/img_003.png", "/hr/img_004.png"]
        let outputs = [
            "/sr/img_001.png", "/sr/img_002_x2.png", "/sr/x2_img_003.png", "/sr/img_004_a.png",
            "/sr/img_004_b.png",
        ]
        let (pairs, missing) = Benchmark.matchOutputs(groundTruth: truth, outputs: outputs)
        #expect(pairs.map(\.output) == ["/sr/img_001.png", "/sr/img_002_x2.png", "/sr/x2_img_003.png"])
        #expect(missing == ["img_004"])  // ambiguous
    }

    @Test func runCollectsFailuresAndKeepsGoing() throws {
        let summary = Benchmark.run(
            dataset: ["a.png", "b.png"], method: .paperBicubic, options: BenchmarkOptions(scale: 2),
            load: { path in
                if path == "a.png" { throw RSRError(.corrupt, "truncated") }
                return Self.pattern()
            })
        #expect(summary.scores.map(\.name) == ["b"])
        #expect(summary.failures.map(\.description) == ["a.png: truncated"])
        #expect(abs(summary.meanPSNR - 17.095936104571063) < 1e-6)
    }
}

@Suite struct BenchmarkFilesTests {
    @Test func scoringOutputsReportsMissingAndBrokenFiles() {
        let truth = BenchmarkTests.pattern()
        let options = BenchmarkOptions(scale: 2)
        let summary = Benchmark.run(
            outputs: ["/sr/a_x2.png", "/sr/b_x2.png"], groundTruth: ["/hr/a.png", "/hr/b.png", "/hr/c.png"],
            options: options,
            load: { path in
                if path == "/sr/b_x2.png" { throw RSRError(.corrupt, "truncated") }
                return path.hasPrefix("/hr") ? truth : truth.modcropped(2)
            })
        #expect(summary.scores.map(\.name) == ["a_x2"] && summary.scores[0].psnr == .infinity)
        #expect(summary.failures.map(\.description) == ["/sr/b_x2.png: truncated"])
        #expect(summary.missing == ["c"])
    }
}
