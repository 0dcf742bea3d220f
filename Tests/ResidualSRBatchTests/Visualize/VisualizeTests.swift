import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

@Suite struct VisualizeTests {
    @Test func colorMapIsBlueWhiteRed() {
        let (negative, zero, positive) = (DivergingColorMap.color(-1), DivergingColorMap.color(0), DivergingColorMap.color(1))
        #expect(negative.blue > negative.red && positive.red > positive.blue)
        #expect(zero.red > 0.95 && zero.green > 0.95 && zero.blue > 0.95)
        #expect(DivergingColorMap.color(5) == positive && DivergingColorMap.color(.nan) == zero)
        // Symmetric arms: equal magnitudes are equally far from white.
        let lightness = { (c: RGB) in c.red + c.green + c.blue }
        #expect(abs(lightness(DivergingColorMap.color(-0.6)) - lightness(DivergingColorMap.color(0.6))) < 0.25)
    }

    @Test func fontDrawsDistinctGlyphs() {
        let digits = "0123456789".map { BitmapFont.glyph($0) }
        #expect(Set(digits).count == 10)
        #expect(BitmapFont.glyph("q") == BitmapFont.glyph("Q") && BitmapFont.glyph("~") == BitmapFont.glyph("?"))
        var canvas = Canvas(width: 20, height: 9)
        canvas.text("-1", x: 1, y: 1)
        // "-" is the middle row of the first cell; "1" has its stem at column 2 of the second cell.
        #expect(canvas.image[0, 4, 1] == 0 && canvas.image[0, 1, 1] == 1)
        #expect(canvas.image[0, 3, 1 + 6 + 2] == 0)
        #expect(BitmapFont.width(of: "+12") == 17)
    }

    @Test func labelsAreEightBitLevels() {
        #expect(ResidualRange.label(12 / 255) == "+12")
        #expect(ResidualRange.label(-3.5 / 255) == "-3.5")
        #expect(ResidualRange.label(0) == "0")
    }

    @Test func robustRangeIgnoresOutliers() {
        var values = [Float](repeating: 0, count: 1000)
        for index in values.indices { values[index] = Float(index % 10) / 255 * (index % 2 == 0 ? 1 : -1) }
        values[0] = 1 // one wild pixel
        let range = ResidualRange.robust([FloatImage(width: 1000, height: 1, channels: 1, pixels: values)])
        #expect(abs(range - 9 / 255) < 1e-6)
        #expect(ResidualRange.robust([FloatImage(width: 4, height: 1, channels: 1)]) == ResidualRange.minimum)
    }

    @Test func figuresHaveTheExpectedLayout() throws {
        let input = noiseImage(width: 10, height: 8, channels: 3)
        var upscaled = Bicubic.resize(input, scale: 2)
        upscaled[0, 3, 4] += 0.2 // the "network" brightened one pixel
        let figures = try ResidualFigureSet(input: input, upscaled: upscaled, hr: nil, range: nil)
        #expect(abs(figures.residual[0, 3, 4] - 0.299 * 0.2) < 1e-5 && figures.residual[0, 0, 0] == 0)
        #expect(figures.map.height >= 16 && figures.map.width > 20 + ColorBar.barWidth)
        // The brightened pixel is red in the map, an untouched one white.
        #expect(figures.map[0, 3, 4] > figures.map[2, 3, 4] + 0.2 && figures.map[1, 0, 0] > 0.9)
        // Strip: input, bicubic, SR, residual + colour bar.
        #expect(figures.strip.width > 4 * 20 && figures.bicubicPSNR == nil)
    }

    @Test func groundTruthAddsErrorPanelsAndPSNRs() throws {
        let hr = noiseImage(width: 12, height: 12, channels: 3)
        let input = Bicubic.resize(hr, scale: 0.5)
        let figures = try ResidualFigureSet(input: input, upscaled: hr, hr: hr, range: Float(4) / 255)
        #expect(figures.upscaledPSNR == .infinity && (figures.bicubicPSNR ?? 100) < 40)
        #expect(figures.range == Float(4) / 255)
    }

    /// A 10x8 input shown at 25x20: the bicubic is `imresize` to that size, so a "network" that is
    /// exactly that bicubic plus one brightened pixel leaves a residual of that pixel alone.
    @Test func figuresAtANonIntegerSize() throws {
        let input = noiseImage(width: 10, height: 8, channels: 3)
        var upscaled = Bicubic.resize(input, width: 25, height: 20)
        upscaled[0, 7, 11] += 0.2
        let figures = try ResidualFigureSet(input: input, upscaled: upscaled, hr: nil, range: nil)
        #expect(figures.residual.width == 25 && figures.residual.height == 20)
        #expect(abs(figures.residual[0, 7, 11] - 0.299 * 0.2) < 1e-5)
        #expect(figures.residual.pixels.enumerated().allSatisfy { $0.offset == 7 * 25 + 11 || $0.element == 0 })
        #expect(figures.map.width > 25 + ColorBar.barWidth && figures.strip.width > 4 * 25)
        #expect(ResidualFigureSet.integerScale(input: input, upscaled: upscaled) == nil)
        #expect(ResidualFigureSet.integerScale(input: input, upscaled: Bicubic.resize(input, scale: 3)) == 3)
        #expect(ResidualFigureSet.integerScale(input: input, upscaled: Bicubic.resize(input, width: 30, height: 16)) == nil)
    }

    /// The strip's input panel: at an integer scale exactly the pixel repetition it always was; at any
    /// other size each output pixel takes the input pixel under its centre.
    @Test(arguments: [(1, 1), (7, 5), (13, 4)])
    func nearestPanel(width: Int, height: Int) {
        let input = noiseImage(width: width, height: height, channels: 2)
        let window = PixelRect(x: 1, y: 1, width: 3 * width - 2, height: 3 * height - 1)
        let byThree = ResidualFigures.nearest(input, width: 3 * width, height: 3 * height, window: window)
        for y in 0..<window.height { for x in 0..<window.width {
            #expect(byThree[1, y, x] == input[1, (y + 1) / 3, (x + 1) / 3])
        } }
        let (outWidth, outHeight) = (width * 5 / 2 + 1, height * 5 / 2 + 1)
        let any = ResidualFigures.nearest(input, width: outWidth, height: outHeight,
                                          window: PixelRect(x: 0, y: 0, width: outWidth, height: outHeight))
        for y in 0..<outHeight { for x in 0..<outWidth {
            let source = (min(width - 1, Int((Double(x) + 0.5) * Double(width) / Double(outWidth))),
                          min(height - 1, Int((Double(y) + 0.5) * Double(height) / Double(outHeight))))
            #expect(any[0, y, x] == input[0, source.1, source.0])
        } }
    }

    @Test func rawResidualRoundTrips() {
        let residual = FloatImage(width: 3, height: 1, channels: 1, pixels: [-0.25, 0, 0.001])
        let samples = RawResidual.png16Samples(residual)
        #expect(samples[1] == 32768)
        #expect(zip(samples, residual.pixels).allSatisfy { abs(RawResidual.value(fromPNGSample: $0) - $1) <= 0.5 / 32768 })
        let npy = RawResidual.npy(residual)
        #expect(npy.prefix(6) == Data([0x93] + Array("NUMPY".utf8)))
        let headerLength = Int(npy[8]) | Int(npy[9]) << 8
        #expect((10 + headerLength) % 64 == 0 && npy.count == 10 + headerLength + 12)
        #expect(String(decoding: npy[10..<(10 + headerLength)], as: UTF8.self).contains("'shape': (1, 3)"))
    }
}

@Suite struct StripWindowTests {
    @Test func largeOutputsShowACentredCropAlignedToTheScale() throws {
        #expect(ResidualFigureSet.stripWindow(width: 900, height: 600, scale: 3) == PixelRect(x: 0, y: 0, width: 900, height: 600))
        let window = ResidualFigureSet.stripWindow(width: 3000, height: 1100, scale: 3)
        #expect(window.width == 1024 && window.height == 1024 && window.x % 3 == 0 && window.y % 3 == 0)
        #expect(abs(window.x - (3000 - 1024) / 2) < 3 && abs(window.y - 38) < 3)

        let input = noiseImage(width: 700, height: 20, channels: 3)
        let figures = try ResidualFigureSet(input: input, upscaled: Bicubic.resize(input, scale: 2), hr: nil, range: nil)
        // Four 1024-wide panels (not 1400), 40 pixels high under the caption.
        #expect(figures.strip.width > 4 * 1024 && figures.strip.width < 4 * 1400)
        #expect(figures.map.width > 1400)
    }
}
