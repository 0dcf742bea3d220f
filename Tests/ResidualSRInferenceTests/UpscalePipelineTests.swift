import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
import ResidualSRTestSupport

@Suite struct UpscalePipelineTests {
    let upscaler = BoxBlurUpscaler(scale: 2, blurs: 2)

    @Test func colorGoesThroughTheUpscalerAndAlphaThroughBicubic() throws {
        let image = noiseImage(width: 13, height: 9, channels: 4)
        let band = try UpscalePipeline(upscaler: upscaler, tileSize: 5).upscaleWhole(FloatImageSource(image))
        #expect(maxAbsDifference(band.color, try upscaler.upscale(image.planes(0..<3))) <= 1e-5)
        let alpha = try #require(band.alpha)
        #expect(maxAbsDifference(alpha, Bicubic.resize(image.planes(3..<4), scale: 2)) <= 1e-5)
        let rows = band.rows(bitDepth: 8)
        #expect(rows.channels == 4 && rows.width == 26 && rows.count == 18)
    }

    @Test func grayInGrayOut() throws {
        let image = noiseImage(width: 11, height: 6, channels: 2)
        let band = try UpscalePipeline(upscaler: upscaler, tileSize: 4).upscaleWhole(FloatImageSource(image))
        #expect(band.color.channels == 1 && band.alpha?.channels == 1)
        // R = G = B in, so the upscaled luma is the upscaled gray plane.
        #expect(maxAbsDifference(band.color, try upscaler.upscale(image.planes(0..<1))) <= 1e-5)
        #expect(band.rows(bitDepth: 16).channels == 2)
    }

    @Test func sixteenBitRowsKeepTheirPrecision() throws {
        let source = testImage(width: 6, height: 5, channels: 3, bitDepth: 16)
        let rows = try UpscalePipeline(upscaler: BoxBlurUpscaler(scale: 2, blurs: 0)).upscaleWhole(source).rows(bitDepth: 16)
        guard case .sixteen(let samples) = rows.samples else { Issue.record("expected 16-bit samples"); return }
        // Nearest upsampling of 16-bit input reproduces every input sample exactly.
        #expect(samples[0..<3] == source.samples[0..<3])
        #expect(Set(samples).isSubset(of: Set(source.samples)) && samples.contains { $0 % 257 != 0 })
    }

    @Test func jpegOutputFlattensAlphaOverWhite() {
        let color = FloatImage(width: 1, height: 1, channels: 3, pixels: [0, 0.5, 1])
        let alpha = FloatImage(width: 1, height: 1, channels: 1, pixels: [0.5])
        let flat = UpscaledBand(firstRow: 0, color: color, alpha: alpha).fitted(toChannels: 3)
        #expect(flat.alpha == nil && flat.color.pixels == [0.5, 0.75, 1])
    }

    @Test func memoryBudgetShrinksTilesNotResults() throws {
        let image = noiseImage(width: 40, height: 24, channels: 3)
        let roomy = try UpscalePipeline(upscaler: upscaler)
        var tight = try UpscalePipeline(upscaler: upscaler, budget: TilingBudget(bytes: 1))
        tight.budget.threads = 2
        #expect(try tight.tileSide(for: FloatImageSource(image)) == TilingBudget.granularity)
        #expect(try roomy.tileSide(for: FloatImageSource(image)) == 40)
        #expect(maxAbsDifference(try tight.upscaleWhole(FloatImageSource(image)).color,
                                 try roomy.upscaleWhole(FloatImageSource(image)).color) <= 1e-5)
    }
}

@Suite struct UpscalePipelineRowsTests {
    @Test(arguments: [1, 2, 3, 4])
    func streamedRowsEqualTheWholeImage(channels: Int) throws {
        let source = testImage(width: 19, height: 11, channels: channels, bitDepth: channels == 3 ? 16 : 8)
        let pipeline = try UpscalePipeline(upscaler: BoxBlurUpscaler(scale: 3, blurs: 2), tileSize: 4)
        var streamed: [OutputRows] = []
        try pipeline.forEachRows(source, channels: channels, bitDepth: source.bitDepth) { streamed.append($0) }
        #expect(streamed.count == 3 && streamed.map(\.firstRow) == [0, 12, 24])
        let whole = try pipeline.upscaleWhole(source).rows(bitDepth: source.bitDepth)
        #expect(OutputRows.joined(streamed) == whole.samples)
    }
}

extension OutputRows {
    /// The samples of consecutive runs of rows, joined top to bottom.
    static func joined(_ runs: [OutputRows]) -> Samples {
        var eight: [UInt8] = [], sixteen: [UInt16] = []
        for rows in runs {
            switch rows.samples {
            case .eight(let samples): eight += samples
            case .sixteen(let samples): sixteen += samples
            }
        }
        return sixteen.isEmpty ? .eight(eight) : .sixteen(sixteen)
    }
}
