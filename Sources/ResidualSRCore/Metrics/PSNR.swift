import Foundation

extension MetricPlane {
    /// Peak signal-to-noise ratio in dB of two equal-size planes (infinite when identical).
    public static func psnr(_ a: MetricPlane, _ b: MetricPlane, peak: Double = 255) -> Double {
        precondition(a.width == b.width && a.height == b.height, "PSNR needs equal sizes")
        var sum = 0.0
        for i in a.samples.indices {
            let d = a.samples[i] - b.samples[i]
            sum += d * d
        }
        let mse = sum / Double(a.samples.count)
        return mse == 0 ? .infinity : 10 * log10(peak * peak / mse)
    }
}
