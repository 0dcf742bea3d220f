import Foundation
import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct SSIMTests {
    @Test func identicalPlanesScoreOne() throws {
        let plane = Self.randomPlane(width: 15, height: 12, seed: 1)
        #expect(abs(try MetricPlane.ssim(plane, plane) - 1) < 1e-12)
    }

    /// Flat planes have no variance, so SSIM reduces to the luminance term (2ab + C1) / (a^2 + b^2 + C1).
    @Test func flatPlanesReduceToLuminanceTerm() throws {
        let a = MetricPlane(width: 12, height: 11, samples: [Double](repeating: 100, count: 132))
        let b = MetricPlane(width: 12, height: 11, samples: [Double](repeating: 110, count: 132))
        let c1 = 0.01 * 255 * 0.01 * 255
        #expect(abs(try MetricPlane.ssim(a, b) - (2 * 100 * 110 + c1) / (100 * 100 + 110 * 110 + c1)) < 1e-9)
    }

    @Test func matchesDirectTwoDimensionalWindow() throws {
        let a = Self.randomPlane(width: 17, height: 14, seed: 2)
        let b = Self.randomPlane(width: 17, height: 14, seed: 3)
        #expect(abs(try MetricPlane.ssim(a, b) - Self.referenceSSIM(a, b)) < 1e-10)
    }

    @Test func tooSmallThrows() {
        let plane = MetricPlane(width: 10, height: 20, samples: [Double](repeating: 1, count: 200))
        #expect(throws: RSRError.self) { try MetricPlane.ssim(plane, plane) }
    }

    /// ssim_index.m written out directly: 2-D gaussian window (fspecial), every valid position.
    static func referenceSSIM(_ a: MetricPlane, _ b: MetricPlane) -> Double {
        var window = [[Double]](repeating: [Double](repeating: 0, count: 11), count: 11)
        var total = 0.0
        for i in 0..<11 {
            for j in 0..<11 {
                let squared = Double((i - 5) * (i - 5) + (j - 5) * (j - 5))
                window[i][j] = exp(-squared / 4.5)
                total += window[i][j]
            }
        }
        let c1: Double = 2.55 * 2.55, c2: Double = 7.65 * 7.65
        var sum = 0.0, count = 0
        for y in 0...(a.height - 11) {
            for x in 0...(a.width - 11) {
                var (ma, mb, saa, sbb, sab) = (0.0, 0.0, 0.0, 0.0, 0.0)
                for i in 0..<11 {
                    for j in 0..<11 {
                        let w = window[i][j] / total, p = a[y + i, x + j], q = b[y + i, x + j]
                        ma += w * p; mb += w * q; saa += w * p * p; sbb += w * q * q; sab += w * p * q
                    }
                }
                let (va, vb, cov) = (saa - ma * ma, sbb - mb * mb, sab - ma * mb)
                sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
                count += 1
            }
        }
        return sum / Double(count)
    }

    static func randomPlane(width: Int, height: Int, seed: UInt64) -> MetricPlane {
        var state = seed &* 2862933555777941757 &+ 3037000493
        return MetricPlane(
            width: width, height: height,
            samples: (0..<(width * height)).map { _ in
                state = state &* 2862933555777941757 &+ 3037000493
                return Double(state >> 56)
            })
    }
}
