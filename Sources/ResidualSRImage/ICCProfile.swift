import ResidualSRCore

/// Read-only peeks into an ICC profile (which is otherwise carried as opaque bytes).
public enum ICCProfile {
    /// The profile's description: the 'desc' tag, as v2 textDescriptionType (ASCII) or v4
    /// multiLocalizedUnicodeType (first record, UTF-16BE). nil when absent or malformed.
    public static func description(of profile: [UInt8]) -> String? {
        func u32(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 4 <= profile.count else { return nil }
            return (0..<4).reduce(0) { $0 << 8 | Int(profile[offset + $1]) }
        }
        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 2 <= profile.count else { return nil }
            return Int(profile[offset]) << 8 | Int(profile[offset + 1])
        }
        func bytes(_ offset: Int, _ count: Int) -> ArraySlice<UInt8>? {
            guard offset >= 0, count >= 0, offset <= profile.count, count <= profile.count - offset else { return nil }
            return profile[offset..<(offset + count)]
        }
        guard profile.count >= 132, let tagCount = u32(128), tagCount < 10_000 else { return nil }
        for index in 0..<tagCount {
            let entry = 132 + index * 12
            guard let signature = bytes(entry, 4), let offset = u32(entry + 4), let size = u32(entry + 8) else { return nil }
            guard Array(signature) == Array("desc".utf8), let tag = bytes(offset, size), size >= 12 else { continue }
            switch String(decoding: tag.prefix(4), as: UTF8.self) {
            case "desc":
                guard let count = u32(offset + 8), let text = bytes(offset + 12, count) else { return nil }
                return clean(String(decoding: text.prefix { $0 != 0 }, as: UTF8.self))
            case "mluc":
                guard let records = u32(offset + 8), records >= 1, let length = u32(offset + 20),
                      let start = u32(offset + 24), let text = bytes(offset + start, length) else { return nil }
                let units = stride(from: text.startIndex, to: text.endIndex - 1, by: 2).compactMap { u16($0) }
                return clean(String(decoding: units.map(UInt16.init), as: UTF16.self))
            default:
                return nil
            }
        }
        return nil
    }

    private static func clean(_ text: String) -> String? {
        let trimmed = String(text.filter { !$0.isNewline && $0 != "\0" }).trimmingCharacters(in: " ")
        return trimmed.isEmpty ? nil : trimmed
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }
}
