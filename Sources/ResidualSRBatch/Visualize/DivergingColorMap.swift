import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Blue-white-red diverging colour map (ColorBrewer RdBu, 11 classes, reversed so that negative is
/// blue): zero is near-white, so "no change" recedes and the sign reads at a glance, and the two arms
/// are perceptually balanced so equal magnitudes look equally strong.
public enum DivergingColorMap {
    /// From -1 (blue) through 0 (white) to +1 (red), evenly spaced.
    static let stops: [RGB] = [
        (5, 48, 97), (33, 102, 172), (67, 147, 195), (146, 197, 222), (209, 229, 240), (247, 247, 247),
        (253, 219, 199), (244, 165, 130), (214, 96, 77), (178, 24, 43), (103, 0, 31),
    ].map { RGB(Float($0.0) / 255, Float($0.1) / 255, Float($0.2) / 255) }

    /// The colour for `value` in [-1, 1]; values beyond are clamped.
    public static func color(_ value: Float) -> RGB {
        let position = (min(1, max(-1, value.isNaN ? 0 : value)) + 1) / 2 * Float(stops.count - 1)
        let lower = min(stops.count - 2, Int(position))
        let t = position - Float(lower)
        let (a, b) = (stops[lower], stops[lower + 1])
        return RGB(a.red + (b.red - a.red) * t, a.green + (b.green - a.green) * t, a.blue + (b.blue - a.blue) * t)
    }

    /// Maps a 1-plane signed image to RGB, `range` mapping to the ends of the scale.
    public static func render(_ values: FloatImage, range: Float) -> FloatImage {
        var output = FloatImage(width: values.width, height: values.height, channels: 3)
        let plane = values.planeSize
        let scale = range > 0 ? 1 / range : 0
        for index in 0..<plane {
            let color = color(values.pixels[index] * scale)
            output.pixels[index] = color.red
            output.pixels[plane + index] = color.green
            output.pixels[2 * plane + index] = color.blue
        }
        return output
    }
}
