import CImageCodecs
import ResidualSRCore

/// How to encode. Ignored fields do not apply to the chosen format.
public struct EncodeOptions: Sendable, Equatable {
    /// JPEG quality 1-100.
    public var jpegQuality: Int
    /// JPEG and AVIF without chroma subsampling (larger files, sharper colour edges). Default 4:2:0.
    public var chroma444: Bool
    /// Progressive JPEG. Buffers the whole image inside libjpeg, so avoid it for huge streamed outputs.
    public var progressive: Bool
    /// zlib level 0-9, for PNG and for TIFF's deflate.
    public var pngCompressionLevel: Int
    /// Lossy WebP quality 1-100 (alpha is coded losslessly).
    public var webpQuality: Int
    /// VP8L instead of VP8: exact, RGB under transparent pixels included.
    public var webpLossless: Bool
    /// libwebp's lossless preset 0-9: 1 is ~3x faster than 6 for files ~2% larger (docs/formats.md).
    public var webpLosslessEffort: Int
    /// AVIF quality 1-100, mapped onto AV1 quantizers as libavif 1.0 does; alpha is coded losslessly.
    public var avifQuality: Int
    /// libaom speed 0 (slowest) - 10; 8 is ~2x faster than 6 for files ~2% larger.
    public var avifSpeed: Int
    public var tiffCompression: TIFFCompression
    /// 0: strips of ~256 KB (streamed row by row); otherwise square tiles of this side, a multiple of 16.
    public var tiffTileSize: Int

    /// zlib level 1: about 3x faster to encode than zlib's default 6, for files about 15% larger; at 6
    /// encoding, not the network, took most of a folder's wall time.
    public static let defaultPNGCompressionLevel = 1
    /// The one JPEG quality default of the library, the CLI, the server and the C writer.
    public static let defaultJPEGQuality = Int(RSR_DEFAULT_JPEG_QUALITY)
    public static let defaultWebPQuality = Int(RSR_DEFAULT_WEBP_QUALITY)
    public static let defaultAVIFQuality = Int(RSR_DEFAULT_AVIF_QUALITY)

    public init(jpegQuality: Int = defaultJPEGQuality, chroma444: Bool = false, progressive: Bool = false,
                pngCompressionLevel: Int = defaultPNGCompressionLevel, webpQuality: Int = defaultWebPQuality,
                webpLossless: Bool = false, webpLosslessEffort: Int = 1, avifQuality: Int = defaultAVIFQuality,
                avifSpeed: Int = 8, tiffCompression: TIFFCompression = .deflate, tiffTileSize: Int = 0) {
        self.jpegQuality = jpegQuality
        self.chroma444 = chroma444
        self.progressive = progressive
        self.pngCompressionLevel = pngCompressionLevel
        self.webpQuality = webpQuality
        self.webpLossless = webpLossless
        self.webpLosslessEffort = webpLosslessEffort
        self.avifQuality = avifQuality
        self.avifSpeed = avifSpeed
        self.tiffCompression = tiffCompression
        self.tiffTileSize = tiffTileSize
    }

    /// The one quality knob of the API and the page: the lossy format's own quality field.
    public func withQuality(_ quality: Int, for format: Image.Format) -> EncodeOptions {
        var options = self
        switch format {
        case .jpeg: options.jpegQuality = quality
        case .webp: options.webpQuality = quality
        case .avif: options.avifQuality = quality
        default: break
        }
        return options
    }

    func validate() throws {
        let ranges: [(String, Int, ClosedRange<Int>)] = [
            ("JPEG quality", jpegQuality, 1...100), ("PNG compression level", pngCompressionLevel, 0...9),
            ("WebP quality", webpQuality, 1...100), ("WebP lossless effort", webpLosslessEffort, 0...9),
            ("AVIF quality", avifQuality, 1...100), ("AVIF speed", avifSpeed, 0...10),
        ]
        for (name, value, range) in ranges where !range.contains(value) {
            throw RSRError(.invalidArgument, "\(name) must be \(range.lowerBound)-\(range.upperBound), got \(value)")
        }
        guard tiffTileSize >= 0, tiffTileSize % 16 == 0 else {
            throw RSRError(.invalidArgument, "TIFF tile size must be a multiple of 16, got \(tiffTileSize)")
        }
    }
}

/// TIFF compression: deflate (zlib, the PNG level) is smallest, LZW faster to write, none fastest.
public enum TIFFCompression: String, Sendable, CaseIterable {
    case none, lzw, deflate

    var cValue: rsr_tiff_compression {
        switch self {
        case .none: RSR_TIFF_NONE
        case .lzw: RSR_TIFF_LZW
        case .deflate: RSR_TIFF_DEFLATE
        }
    }
}
