import ResidualSRCore
import ResidualSRImage

/// JPEGs with an EXIF orientation, for the decode tests and the end-to-end runs.
extension TestImages {
    /// The gray level of each 8x8 block of `orientedGrid`, by label.
    public static let gridLabels: [Character: UInt8] = ["a": 20, "b": 60, "c": 100, "d": 140, "e": 180, "f": 220]

    /// A 16x24 gray JPEG stored as the blocks a b / c d / e f, with an EXIF orientation (none for nil).
    public static func orientedGrid(orientation: Int?, littleEndian: Bool) throws -> [UInt8] {
        let layout = ["ab", "cd", "ef"]
        var values = [UInt8](repeating: 0, count: 16 * 24)
        for y in 0..<24 {
            for x in 0..<16 {
                let label = Array(layout[y / 8])[x / 8]
                values[y * 16 + x] = gridLabels[label]!
            }
        }
        let image = Image(width: 16, height: 24, channels: 1, samples: .eight(values))
        let jpeg = try image.encode(format: .jpeg, options: EncodeOptions(jpegQuality: 100))
        guard let orientation else { return jpeg }
        return Array(jpeg[0..<2]) + app1Segment(exifPayload(orientation: orientation, littleEndian: littleEndian)) + Array(jpeg[2...])
    }

    /// "Exif\0\0" + TIFF header + IFD0 with the single Orientation (0x0112, SHORT) entry.
    public static func exifPayload(orientation: Int, littleEndian: Bool) -> [UInt8] {
        func u16(_ v: Int) -> [UInt8] { littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { littleEndian ? u16(v & 0xFFFF) + u16(v >> 16) : u16(v >> 16) + u16(v & 0xFFFF) }
        let order: [UInt8] = littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]
        // A second, unrelated entry first (ImageWidth), so the parser has to walk the IFD.
        return Array("Exif".utf8) + [0, 0] + order + u16(42) + u32(8) + u16(2)
            + u16(0x0100) + u16(3) + u32(1) + u16(16) + u16(0)
            + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0) + u32(0)
    }

    public static func app1Segment(_ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }
}
