import ResidualSRCore
import ResidualSRImage

/// How an input image is cut into tiles so that an upscaler with `contextRadius` pixels of spatial
/// context gives exactly the whole-image result.
///
/// Each tile owns a `core` block of the input; the upscaler sees the core grown by `contextRadius` on
/// every side (clipped at the image border, so border tiles see the same border the whole image does),
/// and only the core's part of the output is kept. Tiles come in horizontal bands of equal core height:
/// a band's output rows are final once its tiles are done, which is what lets the pipeline stream rows
/// to the encoder without ever holding the whole output.
public struct TileGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let tileSize: Int
    public let contextRadius: Int

    public init(width: Int, height: Int, tileSize: Int, contextRadius: Int) {
        self.width = width
        self.height = height
        self.tileSize = max(1, tileSize)
        self.contextRadius = max(0, contextRadius)
    }

    public struct Tile: Sendable, Equatable {
        /// The input pixels this tile is responsible for.
        public var core: PixelRect
        /// `core` grown by the context radius, clipped to the image: what the upscaler is given.
        public var padded: PixelRect
    }

    public var bandCount: Int { height == 0 ? 0 : (height + tileSize - 1) / tileSize }
    public var columnCount: Int { width == 0 ? 0 : (width + tileSize - 1) / tileSize }

    /// Input rows covered by band `index`.
    public func bandRows(_ index: Int) -> Range<Int> {
        let start = index * tileSize
        return start..<min(height, start + tileSize)
    }

    public func tiles(inBand index: Int) -> [Tile] {
        let rows = bandRows(index)
        return (0..<columnCount).map { column in
            let x = column * tileSize
            let core = PixelRect(x: x, y: rows.lowerBound, width: min(width, x + tileSize) - x, height: rows.count)
            return Tile(core: core, padded: padded(core))
        }
    }

    func padded(_ core: PixelRect) -> PixelRect {
        let x0 = max(0, core.x - contextRadius), y0 = max(0, core.y - contextRadius)
        let x1 = min(width, core.maxX + contextRadius), y1 = min(height, core.maxY + contextRadius)
        return PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }
}
