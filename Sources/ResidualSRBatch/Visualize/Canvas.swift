import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// An RGB drawing surface for the visualisations (planar float, like everything else here).
public struct Canvas: Sendable {
    public var image: FloatImage

    public init(width: Int, height: Int, background: Float = 1) {
        image = FloatImage(width: width, height: height, channels: 3, repeating: background)
    }

    public var width: Int { image.width }
    public var height: Int { image.height }

    public mutating func fill(_ rect: PixelRect, color: RGB) {
        let clipped = clip(rect)
        for (channel, value) in color.components.enumerated() {
            for y in clipped.y..<clipped.maxY {
                for x in clipped.x..<clipped.maxX { image[channel, y, x] = value }
            }
        }
    }

    /// Copies `source` (1 plane drawn as gray, or 3 planes) with its top-left corner at (x, y), clipped.
    public mutating func draw(_ source: FloatImage, x: Int, y: Int) {
        let clipped = clip(PixelRect(x: x, y: y, width: source.width, height: source.height))
        for channel in 0..<3 {
            let sourceChannel = source.channels >= 3 ? channel : 0
            for row in clipped.y..<clipped.maxY {
                for column in clipped.x..<clipped.maxX {
                    image[channel, row, column] = min(1, max(0, source[sourceChannel, row - y, column - x]))
                }
            }
        }
    }

    /// Draws `text` with its top-left corner at (x, y), each font pixel `magnification` pixels square.
    public mutating func text(_ text: String, x: Int, y: Int, magnification: Int = 1, color: RGB = .black) {
        var penX = x
        for character in text {
            let rows = BitmapFont.glyph(character)
            for (row, bits) in rows.enumerated() {
                for column in 0..<BitmapFont.glyphWidth where bits & (0x10 >> UInt8(column)) != 0 {
                    fill(PixelRect(x: penX + column * magnification, y: y + row * magnification,
                                   width: magnification, height: magnification), color: color)
                }
            }
            penX += BitmapFont.advance * magnification
        }
    }

    private func clip(_ rect: PixelRect) -> PixelRect {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX), y1 = min(height, rect.maxY)
        return PixelRect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }
}

public struct RGB: Sendable, Equatable {
    public var red: Float
    public var green: Float
    public var blue: Float

    public init(_ red: Float, _ green: Float, _ blue: Float) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public var components: [Float] { [red, green, blue] }
    public static let black = RGB(0, 0, 0)
    public static let white = RGB(1, 1, 1)
}
