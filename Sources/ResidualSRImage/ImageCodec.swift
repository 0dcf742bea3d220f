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
    static let magicLength = 32 // AVIF: the ftyp box with its first compatible brands

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
    /// EXIF, TIFF header first (JPEG APP1 without its "Exif" prefix, WebP's chunk, AVIF's item).
    var exif: [UInt8]?
    /// Pages (TIFF) or frames (AVIF) in the file; only the first is decoded.
    var pages = 1

    init() {}

    /// The fields the WebP, TIFF and AVIF shims fill: icc, exif, orientation, pages.
    init(raw: rsr_decoded) {
        if let bytes = raw.icc, raw.icc_size > 0 { iccProfile = Array(UnsafeBufferPointer(start: bytes, count: raw.icc_size)) }
        if let bytes = raw.exif, raw.exif_size > 0 { exif = Array(UnsafeBufferPointer(start: bytes, count: raw.exif_size)) }
        if (1...8).contains(raw.orientation) { orientation = Int(raw.orientation) }
        pages = max(1, Int(raw.pages))
    }
}
