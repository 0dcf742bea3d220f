import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// The shape of an output file, decided before the first row is written.
public struct OutputLayout: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
    public var channels: Int
    public var bitDepth: Int
    public var format: Image.Format
    public var jpegQuality: Int
    /// zlib level 0-9; PNG compression is the most expensive stage of a bicubic batch.
    public var pngCompressionLevel: Int
    public var iccProfile: [UInt8]?
    /// PNG gAMA / sRGB signalling carried over from a PNG input.
    public var pngColor: PNGColorInfo?
    /// WebP, AVIF and TIFF settings; its JPEG quality and PNG level are replaced by the fields above.
    public var encodeOptions: EncodeOptions
    /// The input's EXIF, carried over to WebP and AVIF outputs.
    public var exif: [UInt8]?

    public init(width: Int, height: Int, channels: Int, bitDepth: Int, format: Image.Format, jpegQuality: Int = EncodeOptions.defaultJPEGQuality,
                pngCompressionLevel: Int = 6, iccProfile: [UInt8]? = nil, pngColor: PNGColorInfo? = nil,
                encodeOptions: EncodeOptions = EncodeOptions(), exif: [UInt8]? = nil) {
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.format = format
        self.jpegQuality = jpegQuality
        self.pngCompressionLevel = pngCompressionLevel
        self.iccProfile = iccProfile
        self.pngColor = pngColor
        self.encodeOptions = encodeOptions
        self.exif = exif
    }

    /// What the writer gets.
    public var writerOptions: EncodeOptions {
        var options = encodeOptions
        options.jpegQuality = jpegQuality
        options.pngCompressionLevel = pngCompressionLevel
        return options
    }
}

/// Streams rows into one file, atomically: nothing appears at the path until `finish` succeeds;
/// `abort` (or a failed write) removes every trace and leaves an existing file untouched.
public protocol BatchRowWriter: AnyObject {
    func write(_ rows: OutputRows) throws
    func finish() throws
    func abort()
}

/// The codec side of a batch run: the real one wraps the PNG/JPEG codecs, tests use fakes.
public protocol BatchImageIO: Sendable {
    /// Decodes `path` whole (orientation applied); throws `RSRError` with the path for corrupt,
    /// unsupported or over-limit files.
    func decode(_ path: String) throws -> any UpscaleSource
    /// An atomic writer for `layout` at `path`.
    func openWriter(_ path: String, layout: OutputLayout) throws -> any BatchRowWriter
    /// Atomic one-shot PNG of a small in-memory picture (residual figures), planes in [0, 1].
    func writeWhole(_ image: FloatImage, bitDepth: Int, to path: String) throws
    /// Atomic 16-bit gray PNG, samples row-major (the `--raw` residual).
    func writeGray16(_ samples: [UInt16], width: Int, height: Int, to path: String) throws
}
