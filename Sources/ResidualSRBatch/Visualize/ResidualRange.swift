import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// The symmetric range a residual map spans: by default the 99.5th percentile of |r|, so that a few
/// extreme pixels (text edges, clipped highlights) don't wash the rest of the map out to white.
public enum ResidualRange {
    public static let defaultPercentile = 99.5
    /// Never narrower than a quarter of an 8-bit level: a near-zero residual should look near-white,
    /// not have its float noise blown up to full colour.
    public static let minimum: Float = 0.25 / 255
    /// Percentiles of bigger images are taken on an even subsample of this many values.
    static let sampleLimit = 1 << 20

    public static func robust(_ residuals: [FloatImage], percentile: Double = defaultPercentile) -> Float {
        var magnitudes: [Float] = []
        let total = residuals.reduce(0) { $0 + $1.pixels.count }
        let stride = max(1, total / sampleLimit)
        for residual in residuals {
            for index in Swift.stride(from: 0, to: residual.pixels.count, by: stride) {
                let value = residual.pixels[index]
                if value.isFinite { magnitudes.append(abs(value)) }
            }
        }
        guard !magnitudes.isEmpty else { return minimum }
        magnitudes.sort()
        let rank = min(magnitudes.count - 1, Int((percentile / 100 * Double(magnitudes.count - 1)).rounded(.up)))
        return max(minimum, magnitudes[max(0, rank)])
    }

    /// A colour-bar label for `value` (image units) in 8-bit levels: "+12", "-3.5", "0".
    public static func label(_ value: Float) -> String {
        let levels = value * 255
        if abs(levels) < 0.005 { return "0" }
        let magnitude = abs(levels)
        let digits = magnitude >= 9.95 ? String(Int(magnitude.rounded())) : formatOneDecimal(magnitude)
        return (levels > 0 ? "+" : "-") + digits
    }

    private static func formatOneDecimal(_ value: Float) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
