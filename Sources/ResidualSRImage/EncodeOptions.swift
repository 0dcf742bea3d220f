import ResidualSRCore

/// How to encode. Ignored fields do not apply to the chosen format.
public struct EncodeOptions: Sendable, Equatable {
    /// JPEG quality 1-100.
    public var jpegQuality: Int
    /// JPEG without chroma subsampling (larger files, sharper colour edges). Default 4:2:0.
    public var chroma444: Bool
    /// Progressive JPEG. Buffers the whole image inside libjpeg, so avoid it for huge streamed outputs.
    public var progressive: Bool
    /// zlib level 0-9.
    public var pngCompressionLevel: Int
    /// zlib level 1: about 3x faster to encode than zlib's default 6, for files about 15% larger; at 6
    /// encoding, not the network, took most of a folder's wall time.
    public static let defaultPNGCompressionLevel = 1
    /// The one JPEG quality default of the library, the CLI and the server.
    public static let defaultJPEGQuality = 95

    public init(jpegQuality: Int = defaultJPEGQuality, chroma444: Bool = false, progressive: Bool = false,
                pngCompressionLevel: Int = defaultPNGCompressionLevel) {
        self.jpegQuality = jpegQuality
        self.chroma444 = chroma444
        self.progressive = progressive
        self.pngCompressionLevel = pngCompressionLevel
    }

    func validate() throws {
        guard (1...100).contains(jpegQuality) else {
            throw RSRError(.invalidArgument, "JPEG quality must be 1-100, got \(jpegQuality)")
        }
        guard (0...9).contains(pngCompressionLevel) else {
            throw RSRError(.invalidArgument, "PNG compression level must be 0-9, got \(pngCompressionLevel)")
        }
    }
}
