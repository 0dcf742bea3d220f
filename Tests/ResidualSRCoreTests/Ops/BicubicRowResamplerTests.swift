import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

/// The exact-size resize against the float64 transcription of MATLAB's, and the row-streaming
/// resampler against the exact-size resize, on odd shapes.
@Suite struct BicubicRowResamplerTests {
    static let shapes: [(width: Int, height: Int, outWidth: Int, outHeight: Int)] = [
        (7, 5, 18, 13), (7, 5, 5, 4), (1, 9, 3, 20), (9, 1, 20, 3), (1, 1, 1, 1), (1, 1, 4, 3),
        (12, 10, 10, 25), (30, 21, 25, 17), (13, 11, 13, 11),
    ]

    /// MATLAB imresize(x, [outHeight outWidth]): each axis with the scale out / in.
    static func reference(_ image: FloatImage, width outWidth: Int, height outHeight: Int) -> FloatImage {
        let rows = BicubicTests.referenceMatrix(inCount: image.height, outCount: outHeight,
                                                scale: Double(outHeight) / Double(image.height))
        let columns = BicubicTests.referenceMatrix(inCount: image.width, outCount: outWidth,
                                                   scale: Double(outWidth) / Double(image.width))
        var out = FloatImage(width: outWidth, height: outHeight, channels: image.channels)
        for c in 0..<image.channels {
            for y in 0..<outHeight {
                for x in 0..<outWidth {
                    var sum = 0.0
                    for i in 0..<image.height where rows[y][i] != 0 {
                        for j in 0..<image.width where columns[x][j] != 0 {
                            sum += rows[y][i] * columns[x][j] * Double(image[c, i, j])
                        }
                    }
                    out[c, y, x] = Float(sum)
                }
            }
        }
        return out
    }

    @Test func exactSizeMatchesTheFloat64Reference() {
        for shape in Self.shapes {
            let image = BicubicTests.noise(width: shape.width, height: shape.height, channels: 2, seed: UInt64(shape.width * 7 + shape.height))
            let resized = Bicubic.resize(image, width: shape.outWidth, height: shape.outHeight)
            #expect(resized.width == shape.outWidth && resized.height == shape.outHeight)
            let reference = Self.reference(image, width: shape.outWidth, height: shape.outHeight)
            #expect(BicubicTests.maxDifference(resized, reference) < 1e-5, "\(shape)")
        }
    }

    @Test(arguments: [2, 3, 4])
    func integerMultiplesAreTheScaleResize(scale: Int) {
        let image = BicubicTests.noise(width: 7, height: 5, channels: 3, seed: 3)
        #expect(Bicubic.resize(image, width: 7 * scale, height: 5 * scale) == Bicubic.resize(image, scale: Double(scale)))
    }

    @Test func streamedRowsEqualTheWholeResize() {
        for shape in Self.shapes {
            let image = BicubicTests.noise(width: shape.width, height: shape.height, channels: 3, seed: UInt64(shape.height))
            let whole = Bicubic.resize(image, width: shape.outWidth, height: shape.outHeight)
            for bandHeight in [1, 2, 3, 7, shape.height] {
                var resampler = BicubicRowResampler(inputWidth: shape.width, inputHeight: shape.height,
                                                    outputWidth: shape.outWidth, outputHeight: shape.outHeight, planes: 3)
                var parts: [FloatImage] = []
                var next = 0
                for start in stride(from: 0, to: shape.height, by: bandHeight) {
                    let band = image.crop(PixelRect(x: 0, y: start, width: shape.width, height: min(bandHeight, shape.height - start)))
                    let (firstRow, rows) = resampler.push(band)
                    #expect(firstRow == next)
                    next += rows.height
                    parts.append(rows)
                }
                #expect(resampler.isFinished, "\(shape) bands of \(bandHeight)")
                let streamed = FloatImage.concatenatingRows(parts)
                #expect(streamed.width == whole.width && streamed.height == whole.height)
                #expect(BicubicTests.maxDifference(streamed, whole) < 1e-5, "\(shape) bands of \(bandHeight)")
            }
        }
    }

    /// Rows are handed out as soon as they can be: the window never holds the whole image.
    @Test func rowsComeOutBeforeTheLastInputRow() {
        var resampler = BicubicRowResampler(inputWidth: 8, inputHeight: 300, outputWidth: 6, outputHeight: 250, planes: 1)
        var seen = 0
        for row in 0..<150 {
            seen += resampler.push(BicubicTests.noise(width: 8, height: 1, channels: 1, seed: UInt64(row))).rows.height
        }
        #expect(seen > 110 && seen < 130)
    }
}
