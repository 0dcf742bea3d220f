import ResidualSRCore

/// The APP1 (Exif) and APP2 (ICC_PROFILE) markers of a JPEG, as packed by the C decoder:
/// `[marker u8][length u32 little-endian][bytes]...`.
struct JPEGMarkers {
    private(set) var segments: [(marker: UInt8, bytes: [UInt8])] = []

    init(packed: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset + 5 <= packed.count {
            let marker = packed[offset]
            var length = 0
            for i in 0..<4 { length |= Int(packed[offset + 1 + i]) << (8 * i) }
            let start = offset + 5
            guard length <= packed.count - start else { break }
            segments.append((marker, Array(packed[start..<(start + length)])))
            offset = start + length
        }
    }

    init(segments: [(marker: UInt8, bytes: [UInt8])]) {
        self.segments = segments
    }

    /// EXIF orientation (1-8) from the first Exif APP1 segment; nil if absent or unreadable.
    var orientation: Int? {
        for segment in segments where segment.marker == 0xE1 {
            if let value = ExifOrientation.parse(app1: segment.bytes) { return value }
        }
        return nil
    }

    /// The first Exif APP1 segment's TIFF data (without the "Exif\0\0" prefix).
    var exif: [UInt8]? {
        let prefix: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]
        for segment in segments where segment.marker == 0xE1 && segment.bytes.count > 14 && Array(segment.bytes[0..<6]) == prefix {
            return Array(segment.bytes[6...])
        }
        return nil
    }

    /// The ICC profile reassembled from APP2 chunks in sequence-number order. nil when chunks are
    /// missing, duplicated or disagree on the count: a partial profile is worse than none.
    var iccProfile: [UInt8]? {
        let signature = Array("ICC_PROFILE".utf8) + [0]
        var chunks: [Int: ArraySlice<UInt8>] = [:]
        var expected: Int?
        for segment in segments where segment.marker == 0xE2 {
            let bytes = segment.bytes
            guard bytes.count >= 14, Array(bytes[0..<12]) == signature else { continue }
            let sequence = Int(bytes[12]), count = Int(bytes[13])
            guard sequence >= 1, count >= 1, sequence <= count, chunks[sequence] == nil,
                  expected == nil || expected == count else { return nil }
            expected = count
            chunks[sequence] = bytes[14...]
        }
        guard let count = expected, chunks.count == count else { return nil }
        let profile = (1...count).flatMap { chunks[$0]! }
        return profile.isEmpty ? nil : profile
    }
}
