import Foundation

extension MetricPlane {
    /// Mean SSIM of two equal-size planes (Wang et al. 2004, `ssim_index.m`): 11x11 gaussian
    /// window with sigma 1.5, 'valid' region only, K1 = 0.01, K2 = 0.03, dynamic range `range`.
    /// Throws when a side is shorter than the window.
    public static func ssim(_ a: MetricPlane, _ b: MetricPlane, range: Double = 255) throws -> Double {
        precondition(a.width == b.width && a.height == b.height, "SSIM needs equal sizes")
        let window = gaussianWindow
        guard a.width >= window.count, a.height >= window.count else {
            throw RSRError(
                .invalidArgument,
                "\(a.width)x\(a.height) is smaller than the \(window.count)x\(window.count) SSIM window")
        }
        let (width, height) = (a.width, a.height)
        let c1 = (0.01 * range) * (0.01 * range), c2 = (0.03 * range) * (0.03 * range)
        let products = (0..<a.samples.count).map { a.samples[$0] * b.samples[$0] }
        let meanA = filterValid(a.samples, width: width, height: height, window: window)
        let meanB = filterValid(b.samples, width: width, height: height, window: window)
        let meanAA = filterValid(a.samples.map { $0 * $0 }, width: width, height: height, window: window)
        let meanBB = filterValid(b.samples.map { $0 * $0 }, width: width, height: height, window: window)
        let meanAB = filterValid(products, width: width, height: height, window: window)
        var total = 0.0
        for i in meanA.indices {
            let (muA, muB) = (meanA[i], meanB[i])
            let varianceA = meanAA[i] - muA * muA, varianceB = meanBB[i] - muB * muB
            let covariance = meanAB[i] - muA * muB
            total +=
                ((2 * muA * muB + c1) * (2 * covariance + c2))
                / ((muA * muA + muB * muB + c1) * (varianceA + varianceB + c2))
        }
        return total / Double(meanA.count)
    }

    /// Normalised 1-D gaussian, size 11, sigma 1.5; its outer product is fspecial('gaussian', 11, 1.5).
    static let gaussianWindow: [Double] = {
        let weights = (0..<11).map { i -> Double in
            let x = Double(i) - 5
            return exp(-(x * x) / (2 * 1.5 * 1.5))
        }
        let sum = weights.reduce(0, +)
        return weights.map { $0 / sum }
    }()

    /// Separable correlation keeping only positions where the whole window fits.
    /// samples: height x width -> (height - n + 1) x (width - n + 1).
    static func filterValid(_ samples: [Double], width: Int, height: Int, window: [Double]) -> [Double] {
        let n = window.count
        let outWidth = width - n + 1, outHeight = height - n + 1
        var columns = [Double](repeating: 0, count: outHeight * width)
        for y in 0..<outHeight {
            for k in 0..<n {
                let w = window[k], row = (y + k) * width
                for x in 0..<width { columns[y * width + x] += w * samples[row + x] }
            }
        }
        var out = [Double](repeating: 0, count: outHeight * outWidth)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                var sum = 0.0
                for k in 0..<n { sum += window[k] * columns[y * width + x + k] }
                out[y * outWidth + x] = sum
            }
        }
        return out
    }
}
