import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// The pictures `--residual` writes: a residual map with its colour bar, and a side-by-side strip.
public enum ResidualFigures {
    public struct Panel: Sendable {
        public var title: String
        /// RGB (or gray) in [0, 1] for pictures; one signed plane when `isResidual`.
        public var image: FloatImage
        public var isResidual: Bool

        public init(title: String, image: FloatImage, isResidual: Bool = false) {
            self.title = title
            self.image = image
            self.isResidual = isResidual
        }
    }

    /// Text and bar magnification for panels of `height`: legible on large images, not absurd on small.
    public static func magnification(forHeight height: Int) -> Int { max(1, min(4, height / 300 + 1)) }

    static let gap = 6

    /// The colour-mapped residual with its colour bar to the right.
    public static func map(_ residual: FloatImage, range: Float) -> FloatImage {
        let magnification = magnification(forHeight: residual.height)
        let barHeight = max(residual.height, 5 * 3 * BitmapFont.glyphHeight * magnification)
        let barWidth = ColorBar.width(range: range, magnification: magnification)
        var canvas = Canvas(width: residual.width + gap * magnification + barWidth, height: barHeight)
        canvas.draw(DivergingColorMap.render(residual, range: range), x: 0, y: 0)
        ColorBar.draw(on: &canvas, in: PixelRect(x: residual.width + gap * magnification, y: 0, width: barWidth, height: barHeight),
                      range: range, magnification: magnification)
        return canvas.image
    }

    /// Panels left to right under their titles, residual panels colour-mapped with one shared `range`
    /// and a colour bar at the right end (so the residual panels compare directly).
    public static func strip(_ panels: [Panel], range: Float) -> FloatImage {
        let height = panels.map(\.image.height).max() ?? 0
        let magnification = magnification(forHeight: height)
        let captionHeight = (BitmapFont.glyphHeight + 4) * magnification
        let hasResidual = panels.contains(where: \.isResidual)
        let barWidth = hasResidual ? ColorBar.width(range: range, magnification: magnification) + gap * magnification : 0
        let panelsWidth = panels.reduce(0) { $0 + $1.image.width } + gap * magnification * max(0, panels.count - 1)
        var canvas = Canvas(width: panelsWidth + barWidth, height: captionHeight + height)
        var x = 0
        for panel in panels {
            let picture = panel.isResidual ? DivergingColorMap.render(panel.image, range: range) : panel.image
            canvas.draw(picture, x: x, y: captionHeight)
            canvas.text(fitted(panel.title, width: panel.image.width, magnification: magnification),
                        x: x + magnification, y: 2 * magnification, magnification: magnification)
            x += panel.image.width + gap * magnification
        }
        if hasResidual {
            ColorBar.draw(on: &canvas, in: PixelRect(x: x, y: captionHeight, width: barWidth, height: height),
                          range: range, magnification: magnification)
        }
        return canvas.image
    }

    /// `text` cut to fit `width` pixels (titles of narrow panels must not run into the next one).
    static func fitted(_ text: String, width: Int, magnification: Int) -> String {
        let characters = max(0, (width / magnification + 1) / BitmapFont.advance)
        return String(text.prefix(characters))
    }

    /// The `window` of `image` enlarged to `width` x `height` by nearest neighbour, each output
    /// pixel taking the input pixel under its centre (at an integer scale s, input pixel x / s).
    public static func nearest(_ image: FloatImage, width: Int, height: Int, window: PixelRect) -> FloatImage {
        func source(_ position: Int, _ inputLength: Int, _ outputLength: Int) -> Int {
            min(inputLength - 1, (2 * position + 1) * inputLength / (2 * outputLength))
        }
        let columns = (0..<window.width).map { source(window.x + $0, image.width, width) }
        var output = FloatImage(width: window.width, height: window.height, channels: image.channels)
        for channel in 0..<image.channels {
            for y in 0..<window.height {
                let row = source(window.y + y, image.height, height)
                for x in 0..<window.width { output[channel, y, x] = image[channel, row, columns[x]] }
            }
        }
        return output
    }
}
