import ResidualSRCore

extension Image.Format {
    /// The format of encoded bytes, by magic number only (the file name is never trusted).
    public static func detect(_ bytes: some Collection<UInt8>) -> Image.Format? {
        let head = Array(bytes.prefix(8))
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if head.count >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF { return .jpeg }
        return nil
    }

    /// Like `detect`, but throws the error a user should see for empty or foreign files.
    static func require(_ bytes: [UInt8], path: String?) throws -> Image.Format {
        if bytes.isEmpty { throw RSRError(.corrupt, "file is empty", path: path) }
        if let format = detect(bytes) { return format }
        let head = bytes.prefix(4).map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }
        throw RSRError(.unsupported, "not a PNG or JPEG file (starts with \(head.joined(separator: " ")))",
                       path: path)
    }

    /// The output format a file name asks for (`.png`, `.jpg`, `.jpeg`), for choosing how to write.
    public init?(pathExtension path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }

    public var fileExtension: String { self == .png ? "png" : "jpg" }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
