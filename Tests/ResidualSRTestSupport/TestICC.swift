/// Structurally valid ICC profiles for tests (libpng checks the header and tag table before
/// accepting an iCCP chunk). Not meant for colour management.
public enum TestICC {
    /// A v2 profile with a 'desc' tag and, to reach `minimumSize`, a private padding tag.
    public static func profile(description: String, colorSpace: String = "RGB ", minimumSize: Int = 0) -> [UInt8] {
        func u32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        func padded(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (4 - bytes.count % 4) % 4) }
        let ascii = Array(description.utf8) + [0]
        let desc = padded(Array("desc".utf8) + [0, 0, 0, 0] + u32(ascii.count) + ascii
                          + u32(0) + u32(0) + [0, 0, 0] + [UInt8](repeating: 0, count: 67))
        let tagTableEnd = 128 + 4 + 2 * 12
        let paddingSize = max(8, (minimumSize - tagTableEnd - desc.count + 3) / 4 * 4)
        let padding = Array("zzzz".utf8) + [0, 0, 0, 0] + (0..<(paddingSize - 8)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let total = tagTableEnd + desc.count + padding.count
        var header = u32(total) + Array("none".utf8) + [2, 0x10, 0, 0] + Array("mntr".utf8)
        header += Array(colorSpace.utf8) + Array("XYZ ".utf8) + [UInt8](repeating: 0, count: 12)
        header += Array("acsp".utf8) + [UInt8](repeating: 0, count: 24) + u32(0) // ..., rendering intent
        header += u32(0xF6D6) + u32(0x10000) + u32(0xD32D) // D50 illuminant
        header += [UInt8](repeating: 0, count: 128 - header.count)
        let table = u32(2) + Array("desc".utf8) + u32(tagTableEnd) + u32(desc.count)
            + Array("zzzz".utf8) + u32(tagTableEnd + desc.count) + u32(padding.count)
        return header + table + desc + padding
    }
}
