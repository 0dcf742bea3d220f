import CImageCodecs
import ResidualSRCore

/// Everything the library knows about one file format: its names, what it can store, how to
/// recognise it and its C functions. One static value per format, in that format's file
/// (`PNGCodec.swift`, `JPEGCodec.swift`); `Image.Format.codec` picks it.
struct ImageCodec: Sendable {
    /// The C decoder: a header call (pixels NULL) and a pixel call (CImageCodecs.h).
    typealias Decode = @convention(c) (UnsafePointer<UInt8>?, Int, UInt64, UnsafeMutableRawPointer?, Int,
                                       UnsafeMutablePointer<rsr_decoded>?) -> rsr_status

    /// The longest magic number a codec looks at.
    static let magicLength = 12

    /// "PNG": how messages name the format.
    var name: String
    /// The first is the one written.
    var fileExtensions: [String]
    var contentType: String
    var storesAlpha: Bool
    var storesGray: Bool
    /// Bit depths it stores, ascending.
    var bitDepths: [Int]
    /// Whether the first `magicLength` bytes (or fewer, for a short file) are this format's.
    var matches: @Sendable ([UInt8]) -> Bool
    var decode: Decode
    var openWriter: rsr_writer_open_function
    /// The colour metadata of a decoded header: ICC profile, EXIF orientation, PNG colour chunks.
    var metadata: @Sendable (_ decoded: rsr_decoded) -> DecodedMetadata
}

/// What a header says beyond the pixel layout.
struct DecodedMetadata {
    var iccProfile: [UInt8]?
    var orientation = 1
    var pngColor: PNGColorInfo?
}
