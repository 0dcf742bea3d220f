import Foundation
import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct BicubicTests {
    static let scales: [Double] = [2, 3, 4, 1.0 / 2, 1.0 / 3, 1.0 / 4]

    @Test func outputSizeIsCeilingOfScaledSize() {
        #expect(Bicubic.outputSize(7, scale: 2) == 14)
        #expect(Bicubic.outputSize(7, scale: 1.0 / 2) == 4)
        #expect(Bicubic.outputSize(13, scale: 1.0 / 3) == 5)
        #expect(Bicubic.outputSize(255, scale: 1.0 / 3) == 85)
        #expect(Bicubic.outputSize(1, scale: 1.0 / 4) == 1)
    }

    /// Values from srref.imresize (MATLAB-exact numpy), so the reference below is anchored too.
    @Test func matchesSrrefOnAColumn() {
        let column: [Float] = [0, 1, 0.25, 0.5, 1]
        let up = Bicubic.resize(FloatImage(width: 1, height: 5, channels: 1, pixels: column), scale: 2)
        let expectedUp: [Float] = [
            -0.09375, 0.220703125, 0.849609375, 0.912109375, 0.408203125,
            0.236328125, 0.396484375, 0.619140625, 0.904296875, 1.046875,
        ]
        #expect(up.width == 2 && up.height == 10)
        for y in 0..<10 {
            #expect(abs(up[0, y, 0] - expectedUp[y]) < 1e-6 && abs(up[0, y, 1] - expectedUp[y]) < 1e-6)
        }

        let long: [Float] = [0, 1, 0.25, 0.5, 1, 0.75, 0.125]
        let down = Bicubic.resize(FloatImage(width: 1, height: 7, channels: 1, pixels: long), scale: 1.0 / 3)
        let expectedDown: [Float] = [0.4212962962962962, 0.6682098765432096, 0.42901234567901214]
        #expect(down.height == 3)
        for y in 0..<3 { #expect(abs(down[0, y, 0] - expectedDown[y]) < 1e-6) }
    }

    @Test(arguments: scales)
    func fastPathEqualsFloat64Reference(scale: Double) {
        for (width, height) in [(1, 1), (7, 5), (13, 11), (2, 9)] {
            let image = Self.noise(
                width: width, height: height, channels: 2, seed: UInt64(width * 31 + height))
            let fast = Bicubic.resize(image, scale: scale)
            let reference = Self.referenceResize(image, scale: scale)
            #expect(fast.width == reference.width && fast.height == reference.height)
            #expect(Self.maxDifference(fast, reference) < 1e-5, "\(width)x\(height) scale \(scale)")
        }
    }

    /// Big enough for both passes to be split across threads (on a multi-core machine).
    @Test(arguments: [2.0, 1.0 / 3])
    func threadedBandsEqualReference(scale: Double) {
        let image = Self.noise(width: 240, height: 199, channels: 3, seed: 7)
        #expect(
            Self.maxDifference(Bicubic.resize(image, scale: scale), Self.referenceResize(image, scale: scale))
                < 1e-5)
    }

    /// The integer-enlargement fast path must describe exactly what the table says.
    @Test(arguments: [2.0, 3.0, 4.0])
    func periodicPhasesAgreeWithTheTable(scale: Double) {
        let count = 13,
            table = BicubicContributions(inputCount: count, outputCount: count * Int(scale), scale: scale)
        #expect(table.period == Int(scale) && table.taps == 4)
        #expect(table.periodicRange.count >= count - 4)
        for j in table.periodicRange {
            for phase in 0..<table.period {
                let output = table.period * j + phase
                for k in 0..<4 {
                    #expect(Int(table.indices[output * 4 + k]) == j + table.phaseOffsets[phase] + k)
                    #expect(abs(table.weights[output * 4 + k] - table.weights[phase * 4 + k]) < 1e-6)
                }
            }
        }
        #expect(BicubicContributions(inputCount: count, outputCount: 7, scale: 0.5).periodicRange.isEmpty)
    }

    @Test(arguments: scales)
    func constantImageStaysConstant(scale: Double) {
        let image = FloatImage(width: 6, height: 5, channels: 1, repeating: 0.3)
        #expect(Bicubic.resize(image, scale: scale).pixels.allSatisfy { abs($0 - 0.3) < 1e-6 })
    }

    @Test func clampBoundsOvershoot() {
        let edge = FloatImage(width: 4, height: 1, channels: 1, pixels: [0, 0, 1, 1])
        #expect(Bicubic.resize(edge, scale: 2).pixels.contains { $0 < 0 || $0 > 1 })
        #expect(Bicubic.resize(edge, scale: 2, clamp: 0...1).pixels.allSatisfy { (0...1).contains($0) })
    }

    // MARK: - Float64 reference: a transcription of srref's resize_matrix, applied rows then columns.

    static func referenceMatrix(inCount: Int, outCount: Int, scale: Double) -> [[Double]] {
        func cubic(_ x: Double) -> Double {
            let a = abs(x)
            return a <= 1
                ? 1.5 * a * a * a - 2.5 * a * a + 1
                : (a <= 2 ? -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2 : 0)
        }
        let width = scale < 1 ? 4 / scale : 4
        let kernel: (Double) -> Double = scale < 1 ? { scale * cubic(scale * $0) } : cubic
        let p = Int(width.rounded(.up)) + 2
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: inCount), count: outCount)
        for o in 0..<outCount {
            let u = Double(o + 1) / scale + 0.5 * (1 - 1 / scale)
            let left = (u - width / 2).rounded(.down)
            let w = (0..<p).map { kernel(u - (left + Double($0))) }
            let sum = w.reduce(0, +)
            for k in 0..<p {
                var i = (Int(left) + k - 1) % (2 * inCount)
                if i < 0 { i += 2 * inCount }
                if i >= inCount { i = 2 * inCount - 1 - i }
                matrix[o][i] += w[k] / sum
            }
        }
        return matrix
    }

    static func referenceResize(_ image: FloatImage, scale: Double) -> FloatImage {
        let outW = Int((Double(image.width) * scale).rounded(.up)),
            outH = Int((Double(image.height) * scale).rounded(.up))
        let rows = referenceMatrix(inCount: image.height, outCount: outH, scale: scale)
        let columns = referenceMatrix(inCount: image.width, outCount: outW, scale: scale)
        var out = FloatImage(width: outW, height: outH, channels: image.channels)
        // The matrices are mostly zeros; skipping them keeps the test fast without changing the sums.
        let rowTaps = rows.map { row in row.indices.filter { row[$0] != 0 } }
        let columnTaps = columns.map { column in column.indices.filter { column[$0] != 0 } }
        for c in 0..<image.channels {
            var middle = [[Double]](repeating: [Double](repeating: 0, count: image.width), count: outH)
            for y in 0..<outH {
                for x in 0..<image.width {
                    for i in rowTaps[y] {
                        middle[y][x] += rows[y][i] * Double(image[c, i, x])
                    }
                }
            }
            for y in 0..<outH {
                for x in 0..<outW {
                    var sum = 0.0
                    for j in columnTaps[x] { sum += columns[x][j] * middle[y][j] }
                    out[c, y, x] = Float(sum)
                }
            }
        }
        return out
    }

    static func noise(width: Int, height: Int, channels: Int, seed: UInt64) -> FloatImage {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        let pixels = (0..<(width * height * channels)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        return FloatImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    static func maxDifference(_ a: FloatImage, _ b: FloatImage) -> Float {
        zip(a.pixels, b.pixels).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
