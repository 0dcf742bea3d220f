import Foundation

public enum OutputFormat: String, Sendable, CaseIterable {
    case png, jpeg

    /// From a file extension ("png", "JPG", "jpeg"); nil for anything else.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "png": self = .png
        case "jpg", "jpeg": self = .jpeg
        default: return nil
        }
    }

    public var fileExtension: String { self == .png ? "png" : "jpg" }
}

/// The shape of an output file, decided before the first row is written.
public struct OutputLayout: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
    public var channels: Int
    public var bitDepth: Int
    public var format: OutputFormat
    public var jpegQuality: Int
    public var iccProfile: [UInt8]?

    public init(width: Int, height: Int, channels: Int, bitDepth: Int, format: OutputFormat, jpegQuality: Int = 92,
                iccProfile: [UInt8]? = nil) {
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.format = format
        self.jpegQuality = jpegQuality
        self.iccProfile = iccProfile
    }
}

/// Streams rows into one file. `finish` completes it; `abort` gives up (the caller deletes the file).
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
    /// A writer for `layout` that writes to `path` (a temporary name: the runner renames it when done).
    func openWriter(_ path: String, layout: OutputLayout) throws -> any BatchRowWriter
    /// One-shot write of a small in-memory picture (residual figures) to `path` (temporary name).
    func writeWhole(_ image: FloatImage, bitDepth: Int, to path: String) throws
    /// Raw 16-bit gray samples, row-major (the `--raw` residual).
    func writeGray16(_ samples: [UInt16], width: Int, height: Int, to path: String) throws
}
