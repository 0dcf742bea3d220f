import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch

/// A 2x3 grid of 8x8 blocks labelled a-f, stored with each EXIF orientation, must decode upright.
@Suite struct ExifOrientationTests {
    static let labels: [Character: UInt8] = ["a": 20, "b": 60, "c": 100, "d": 140, "e": 180, "f": 220]
    /// Stored:  a b / c d / e f. Upright layouts as rows of labels (the EXIF specification's table).
    static let upright: [Int: [String]] = [
        1: ["ab", "cd", "ef"], 2: ["ba", "dc", "fe"], 3: ["fe", "dc", "ba"], 4: ["ef", "cd", "ab"],
        5: ["ace", "bdf"], 6: ["eca", "fdb"], 7: ["fdb", "eca"], 8: ["bdf", "ace"],
    ]

    @Test(arguments: 1...8)
    func jpegDecodesUpright(orientation: Int) throws {
        for littleEndian in [true, false] {
            let jpeg = try Self.storedGrid(orientation: orientation, littleEndian: littleEndian)
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
        let grid = try Self.storedGrid(orientation: nil, littleEndian: true)
        let broken = Array(grid[0..<2]) + Self.segment(Array("Exif".utf8) + [0, 0, 0x49, 0x49, 42, 0, 0xFF, 0xFF, 0, 0])
            + Array(grid[2...])
        #expect(try Image.decode(data: broken).orientation == 1)
        #expect(ExifOrientation.parse(app1: Array("Exif".utf8) + [0, 0]) == nil)
    }

    static func storedGrid(orientation: Int?, littleEndian: Bool) throws -> [UInt8] {
        let layout = ["ab", "cd", "ef"]
        var values = [UInt8](repeating: 0, count: 16 * 24)
        for y in 0..<24 {
            for x in 0..<16 {
                let label = Array(layout[y / 8])[x / 8]
                values[y * 16 + x] = labels[label]!
            }
        }
        let image = Image(width: 16, height: 24, channels: 1, samples: .eight(values))
        let jpeg = try image.encode(format: .jpeg, options: EncodeOptions(jpegQuality: 100))
        guard let orientation else { return jpeg }
        return Array(jpeg[0..<2]) + segment(exif(orientation: orientation, littleEndian: littleEndian)) + Array(jpeg[2...])
    }

    /// "Exif\0\0" + TIFF header + IFD0 with the single Orientation (0x0112, SHORT) entry.
    static func exif(orientation: Int, littleEndian: Bool) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { littleEndian ? u16(v & 0xFFFF) + u16(v >> 16) : u16(v >> 16) + u16(v & 0xFFFF) }
        let order: [UInt8] = littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]
        // A second, unrelated entry first (ImageWidth), so the parser has to walk the IFD.
        return Array("Exif".utf8) + [0, 0] + order + u16(42) + u32(8) + u16(2)
            + u16(0x0100) + u16(3) + u32(1) + u16(16) + u16(0)
            + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0) + u32(0)
    }

    static func segment(_ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }
}
