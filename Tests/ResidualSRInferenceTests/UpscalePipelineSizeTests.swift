import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
import ResidualSRTestSupport

/// Exact sizes through the pipeline: the smallest upscaler that reaches the size, tiled and banded as
/// always, then shrunk row by row; equal to shrinking the whole-image output in one go.
@Suite struct UpscalePipelineSizeTests {
    static let upscalers: [any Upscaler] = [2, 3, 4].map { BoxBlurUpscaler(scale: $0, blurs: 1) }

    static func pipeline(_ size: OutputSize, tileSize: Int = 3) throws -> UpscalePipeline {
        try UpscalePipeline(upscalers: upscalers, size: size, budget: TilingBudget(threads: 2), tileSize: tileSize)
    }

    @Test(arguments: [
        (OutputSize.scale(2.5), 7, 5, 3), (.scale(1), 7, 5, 2), (.width(20), 7, 5, 3), (.fit(width: 9, height: 30), 1, 9, 4),
        (.exact(width: 9, height: 19), 7, 5, 4), (.exact(width: 10, height: 3), 7, 1, 3), (.scale(1.5), 1, 1, 2),
    ])
    func resizedOutputEqualsShrinkingTheWholeOutput(size: OutputSize, width: Int, height: Int, scale: Int) throws {
        for channels in [1, 3, 4] {
            let image = noiseImage(width: width, height: height, channels: channels, seed: UInt64(channels))
            let pipeline = try Self.pipeline(size)
            let source = FloatImageSource(image)
            let plan = try pipeline.plan(for: source)
            let expected = try size.size(width: width, height: height)
            #expect(plan.scale == scale && plan.width == expected.width && plan.height == expected.height)
            let band = try pipeline.upscaleWhole(source)
            #expect(band.color.width == expected.width && band.color.height == expected.height)
            // The reference: the untiled upscale of the whole image, then one whole-image resize.
            let upscaler = Self.upscalers[scale - 2]
            let color = try channels == 1
                ? Luminance.of(upscaler.upscale(FloatImage.stacking([image, image, image])))
                : upscaler.upscale(image.planes(0..<3))
            let reference = Bicubic.resize(color, width: expected.width, height: expected.height)
            #expect(maxAbsDifference(band.color, reference) <= 1e-5, "\(size) \(channels) channels")
            if channels == 4 {
                let alpha = try #require(band.alpha)
                let alphaReference = Bicubic.resize(Bicubic.resize(image.planes(3..<4), scale: Double(scale)),
                                                    width: expected.width, height: expected.height)
                #expect(maxAbsDifference(alpha, alphaReference) <= 1e-5)
            } else {
                #expect(band.alpha == nil)
            }
        }
    }

    /// Plain bicubic resizes straight to the size, banded (tile side 3, so bands of 3 input rows):
    /// MATLAB `imresize(x, [H W])` of the whole image, alpha included, not x3 then a shrink.
    @Test(arguments: [(OutputSize.scale(2.5), 7, 5), (.scale(1), 7, 5), (.width(20), 7, 5), (.exact(width: 9, height: 19), 7, 5),
                      (.exact(width: 10, height: 3), 7, 1), (.scale(1.5), 1, 1), (.fit(width: 30, height: 30), 13, 11)])
    func bicubicResizesInOneStep(size: OutputSize, width: Int, height: Int) throws {
        let bicubic: [any Upscaler] = try (2...4).map { try BicubicUpscaler(scale: $0) }
        for channels in [1, 3, 4] {
            let image = noiseImage(width: width, height: height, channels: channels, seed: UInt64(channels))
            for upscalers: [any Upscaler] in [bicubic, bicubic.map { EnsembleUpscaler($0) }] {
                let pipeline = try UpscalePipeline(upscalers: upscalers, size: size, budget: TilingBudget(threads: 2), tileSize: 3)
                let band = try pipeline.upscaleWhole(FloatImageSource(image))
                let expected = try size.size(width: width, height: height)
                let reference = Bicubic.resize(image, width: expected.width, height: expected.height)
                let colorPlanes = channels >= 3 ? 3 : 1
                #expect(maxAbsDifference(band.color, reference.planes(0..<colorPlanes)) <= 1e-5, "\(size) \(channels) channels")
                if channels == 4 {
                    #expect(maxAbsDifference(try #require(band.alpha), reference.planes(3..<4)) <= 1e-5)
                }
            }
        }
    }

    @Test(arguments: [OutputSize.scale(3), .width(21), .height(15), .fit(width: 21, height: 100), .exact(width: 21, height: 15)])
    func integerMultiplesAreTheIntegerPath(size: OutputSize) throws {
        let source = testImage(width: 7, height: 5, channels: 4, bitDepth: 16)
        let sized = try Self.pipeline(size)
        #expect(try !sized.plan(for: source).resizes)
        let integer = try UpscalePipeline(upscaler: Self.upscalers[1], budget: TilingBudget(threads: 2), tileSize: 3)
        var a: [OutputRows] = [], b: [OutputRows] = []
        try sized.forEachRows(source, channels: 4, bitDepth: 16) { a.append($0) }
        try integer.forEachRows(source, channels: 4, bitDepth: 16) { b.append($0) }
        #expect(a == b)
    }

    @Test(arguments: [1, 2, 3, 4])
    func streamedRowsHaveTheExactSize(channels: Int) throws {
        let source = testImage(width: 7, height: 5, channels: channels, bitDepth: channels == 3 ? 16 : 8)
        let pipeline = try Self.pipeline(.scale(2.5), tileSize: 2)
        var streamed: [OutputRows] = []
        try pipeline.forEachRows(source, channels: channels, bitDepth: source.bitDepth) { streamed.append($0) }
        #expect(streamed.count > 1, "several bands")
        #expect(streamed.allSatisfy { $0.width == 18 && $0.channels == channels && $0.bitDepth == source.bitDepth })
        #expect(streamed.reduce(0) { $0 + $1.count } == 13)
        #expect(zip(streamed, streamed.dropFirst()).allSatisfy { $0.firstRow + $0.count == $1.firstRow })
        let whole = try pipeline.upscaleWhole(source).rows(bitDepth: source.bitDepth)
        #expect(OutputRows.joined(streamed) == whole.samples)
    }

    @Test func anImageOutGetsTheExactSize() throws {
        let image = Image(floatImage: noiseImage(width: 7, height: 5, channels: 3))
        let upscaled = try Self.pipeline(.fit(width: 25, height: 25)).upscale(image)
        #expect(upscaled.width == 25 && upscaled.height == 18 && upscaled.channels == 3)
    }

    @Test func aSizeOutOfReachIsAnError() throws {
        let source = FloatImageSource(noiseImage(width: 7, height: 5, channels: 3))
        #expect(throws: RSRError.self) { try Self.pipeline(.width(29)).plan(for: source) }
        let onlyTwo = try UpscalePipeline(upscalers: [BoxBlurUpscaler(scale: 2, blurs: 0)], size: .scale(2.5))
        #expect(throws: RSRError.self) { try onlyTwo.forEachRows(source, channels: 3, bitDepth: 8) { _ in } }
        #expect(throws: RSRError.self) { try UpscalePipeline(upscalers: Self.upscalers, size: .scale(5)) }
    }
}
