import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// A vertical colour bar for a residual map: +range (red) at the top, -range (blue) at the bottom,
/// five ticks labelled in 8-bit levels.
public enum ColorBar {
    public static let barWidth = 12
    public static let tickCount = 5

    /// Width the bar and its labels need at `magnification`.
    public static func width(range: Float, magnification: Int) -> Int {
        let labels = ticks(range).map { BitmapFont.width(of: ResidualRange.label($0)) }
        return barWidth * magnification + 3 * magnification + (labels.max() ?? 0) * magnification + 4 * magnification
    }

    static func ticks(_ range: Float) -> [Float] {
        (0..<tickCount).map { range * (1 - 2 * Float($0) / Float(tickCount - 1)) }
    }

    /// Draws into `rect` of `canvas` (labels to the right of the bar, inside `rect`).
    public static func draw(on canvas: inout Canvas, in rect: PixelRect, range: Float, magnification: Int) {
        let glyphHeight = BitmapFont.glyphHeight * magnification
        let top = rect.y + glyphHeight / 2 + magnification, bottom = rect.maxY - glyphHeight / 2 - magnification - 1
        guard bottom > top else { return }
        let barWidth = Self.barWidth * magnification
        for y in top...bottom {
            let value = 1 - 2 * Float(y - top) / Float(bottom - top)
            canvas.fill(PixelRect(x: rect.x, y: y, width: barWidth, height: 1), color: DivergingColorMap.color(value))
        }
        for (index, tick) in ticks(range).enumerated() {
            let y = top + (bottom - top) * index / (tickCount - 1)
            canvas.fill(PixelRect(x: rect.x + barWidth, y: y, width: 2 * magnification, height: max(1, magnification / 2)),
                        color: .black)
            canvas.text(ResidualRange.label(tick), x: rect.x + barWidth + 3 * magnification, y: y - glyphHeight / 2,
                        magnification: magnification)
        }
    }
}
