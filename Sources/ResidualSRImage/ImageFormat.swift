import ResidualSRCore

extension Image {
    /// The file formats the library reads and writes: the one format type of the library, the CLI
    /// and the server. Everything about a format is its `ImageCodec` (`PNGCodec.swift`, ...); a new
    /// format is a case here and its line in `codec` (docs/architecture.md).
    public enum Format: String, Sendable, CaseIterable, Codable {
        case png, jpeg

        var codec: ImageCodec {
            switch self {
            case .png: .png
            case .jpeg: .jpeg
            }
        }
    }
}

extension Image.Format {
    /// "PNG", "JPEG": how messages name it.
    public var name: String { codec.name }
    /// The extension written (`png`, `jpg`).
    public var fileExtension: String { codec.fileExtensions[0] }
    public var contentType: String { codec.contentType }

    /// A format named by a user: its raw value or any of its file extensions, in any case.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let format = Self.allCases.first(where: { $0.rawValue == lowered || $0.codec.fileExtensions.contains(lowered) })
        else { return nil }
        self = format
    }

    /// The output format a file name asks for (`.png`, `.jpg`, `.jpeg`), for choosing how to write.
    public init?(pathExtension path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        guard let format = Self.allCases.first(where: { $0.codec.fileExtensions.contains(ext) }) else { return nil }
        self = format
    }

    /// The format of encoded bytes, by magic number only (the file name is never trusted).
    public static func detect(_ bytes: some Collection<UInt8>) -> Image.Format? {
        let head = Array(bytes.prefix(ImageCodec.magicLength))
        return allCases.first { $0.codec.matches(head) }
    }

    /// Like `detect`, but throws the error a user should see for empty or foreign files.
    static func require(_ bytes: [UInt8], path: String?) throws -> Image.Format {
        if bytes.isEmpty { throw RSRError(.corrupt, "file is empty", path: path) }
        if let format = detect(bytes) { return format }
        let head = bytes.prefix(4).map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }
        let names = allCases.map(\.name)
        let known = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + names.last!
        throw RSRError(.unsupported, "not a \(known) file (starts with \(head.joined(separator: " ")))", path: path)
    }

    // MARK: - What a format can store (the one rule)

    public var storesAlpha: Bool { codec.storesAlpha }

    /// What this format stores of an image of `channels` (1-4) at `bitDepth` (8 or 16): alpha is dropped
    /// where the format has none, gray becomes RGB where it has no gray, and the bit depth is the
    /// deepest the format holds that does not exceed `bitDepth` (JPEG: 8-bit gray or RGB).
    public func storedLayout(channels: Int, bitDepth: Int) -> (channels: Int, bitDepth: Int) {
        let codec = self.codec
        let alpha = channels == 2 || channels == 4
        let color = alpha ? channels - 1 : channels
        let storedColor = color == 1 && !codec.storesGray ? 3 : color
        let depth = codec.bitDepths.last { $0 <= bitDepth } ?? codec.bitDepths[0]
        return (storedColor + (alpha && codec.storesAlpha ? 1 : 0), depth)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
