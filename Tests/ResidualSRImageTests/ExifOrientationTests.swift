import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

/// A 2x3 grid of 8x8 blocks labelled a-f, stored with each EXIF orientation, must decode upright.
@Suite struct ExifOrientationTests {
    static let labels = TestImages.gridLabels
    /// Stored:  a b / c d / e f. Upright layouts as rows of labels (the EXIF specification's table).
    static let upright: [Int: [String]] = [
        1: ["ab", "cd", "ef"], 2: ["ba", "dc", "fe"], 3: ["fe", "dc", "ba"], 4: ["ef", "cd", "ab"],
        5: ["ace", "bdf"], 6: ["eca", "fdb"], 7: ["fdb", "eca"], 8: ["bdf", "ace"],
    ]

    @Test(arguments: 1...8)
    func jpegDecodesUpright(orientation: Int) throws {
        for littleEndian in [true, false] {
            let jpeg = try TestImages.orientedGrid(orientation: orientation, littleEndian: littleEndian)
            let image = try Image.decode(data: jpeg)
            #expect(image.orientation == orientation)
            let rows = Self.upright[orientation]!
            #expect(image.width == rows[0].count * 8 && image.height == rows.count * 8)
            guard case .eight(let values) = image.samples else { Issue.record("expected 8-bit"); return }
            for (row, labels) in rows.enumerated() {
                for (column, label) in labels.enumerated() {
                    let centre = values[(row * 8 + 4) * image.width + column * 8 + 4]
                    #expect(abs(Int(centre) - Int(Self.labels[label]!)) <= 3,
                            "orientation \(orientation) block (\(column), \(row)) should be \(label)")
                }
            }
            let header = try Image.header(data: jpeg)
            #expect(header.orientation == orientation && header.width == image.width)
        }
    }

    @Test func malformedExifIsIgnored() throws {
        let grid = try TestImages.orientedGrid(orientation: nil, littleEndian: true)
        let broken = Array(grid[0..<2]) + TestImages.app1Segment(Array("Exif".utf8) + [0, 0, 0x49, 0x49, 42, 0, 0xFF, 0xFF, 0, 0])
            + Array(grid[2...])
        #expect(try Image.decode(data: broken).orientation == 1)
        #expect(ExifOrientation.parse(app1: Array("Exif".utf8) + [0, 0]) == nil)
    }
}
