import CImageCodecs
import Foundation
import ResidualSRCore

/// What a file's header says, without decoding its pixels (`rsr info`, pre-flight checks).
public struct ImageHeader: Sendable, Equatable {
    public var format: Image.Format
    /// Upright size: orientations 5-8 swap the stored width and height.
    public var width: Int
    public var height: Int
    /// Channels and bit depth that `Image.decode` produces.
    public var channels: Int
    public var bitDepth: Int
    /// As stored: e.g. palette at 4 bits, or CMYK.
    public var sourceColor: SourceColor
    /// The file stores an alpha channel (a PNG tRNS chunk is not counted, though it decodes to alpha).
    public var sourceAlpha: Bool
    public var sourceBitDepth: Int
    /// WebP: VP8L rather than VP8.
    public var lossless: Bool
    public var interlaced: Bool
    public var iccProfile: [UInt8]?
    public var orientation: Int
    public var pngColor: PNGColorInfo?
    /// EXIF, TIFF header first (JPEG, WebP, AVIF), carried over to formats that store it.
    public var exif: [UInt8]?
    /// TIFF pages or AVIF frames; decoding reads the first.
    public var pages: Int

    public init(format: Image.Format, width: Int, height: Int, channels: Int = 3, bitDepth: Int = 8,
                sourceColor: SourceColor = .rgb, sourceAlpha: Bool = false, sourceBitDepth: Int = 8,
                lossless: Bool = false, interlaced: Bool = false,
                iccProfile: [UInt8]? = nil, orientation: Int = 1, pngColor: PNGColorInfo? = nil,
                exif: [UInt8]? = nil, pages: Int = 1) {
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.sourceColor = sourceColor
        self.sourceAlpha = sourceAlpha
        self.sourceBitDepth = sourceBitDepth
        self.lossless = lossless
        self.interlaced = interlaced
        self.iccProfile = iccProfile
        self.orientation = orientation
        self.pngColor = pngColor
        self.exif = exif
        self.pages = pages
    }

    public var pixelCount: Int { width * height }
}

extension Image {
    /// Decodes a PNG, JPEG, WebP, TIFF or AVIF (chosen by magic bytes). `path` only names the source in errors.
    ///
    /// The header is read first and checked against `limits`; only then are the samples allocated,
    /// in Swift, and the C decoder fills them in place.
    public static func decode(data: [UInt8], path: String? = nil, limits: DecodeLimits = .default) throws -> Image {
        let (header, byteCount) = try readHeader(data, path: path, limits: limits)
        // Stored (not yet upright) size.
        let (width, height) = header.orientation >= 5 ? (header.height, header.width) : (header.width, header.height)
        let count = width * height * header.channels
        guard byteCount == count * header.bitDepth / 8 else {
            throw RSRError(.corrupt, "inconsistent image header", path: path)
        }
        let samples: ImageSamples = header.bitDepth == 16
            ? .sixteen(try decodeSamples(data, format: header.format, count: count, path: path, limits: limits))
            : .eight(try decodeSamples(data, format: header.format, count: count, path: path, limits: limits))
        var image = Image(width: width, height: height, channels: header.channels, samples: samples,
                          iccProfile: header.iccProfile, orientation: header.orientation,
                          format: header.format, pngColor: header.pngColor)
        image.exif = header.exif
        image.applyOrientation(header.orientation)
        return image
    }

    /// The second decoder call: fills a Swift array of `count` samples directly.
    private static func decodeSamples<Sample: FixedWidthInteger>(_ data: [UInt8], format: Format, count: Int,
                                                                 path: String?, limits: DecodeLimits) throws -> [Sample] {
        try [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
            var raw = rsr_decoded()
            defer { rsr_decoded_free(&raw) }
            let capacity = count * MemoryLayout<Sample>.size
            let maxPixels = UInt64(max(0, limits.maxPixels))
            if let timeLimit = limits.timeLimit {
                let (seconds, attoseconds) = timeLimit.components
                // A limit already used up must still fail, not mean "none".
                rsr_set_decode_time_limit(max(1e-9, Double(seconds) + Double(attoseconds) / 1e18))
            }
            defer { if limits.timeLimit != nil { rsr_set_decode_time_limit(0) } }
            let status = data.withUnsafeBufferPointer { bytes in
                format.codec.decode(bytes.baseAddress, bytes.count, maxPixels, buffer.baseAddress, capacity, &raw)
            }
            try checkCodecStatus(status, message: codecMessage(raw.message), context: "invalid \(format.name)", path: path)
            initialized = count
        }
    }

    public static func decode(data: Data, path: String? = nil, limits: DecodeLimits = .default) throws -> Image {
        try decode(data: [UInt8](data), path: path, limits: limits)
    }

    public static func decode(file path: String, limits: DecodeLimits = .default) throws -> Image {
        try decode(data: readFile(path), path: path, limits: limits)
    }

    /// Reads only what the header says (plus ICC and orientation). Still enforces `limits`.
    public static func header(data: [UInt8], path: String? = nil, limits: DecodeLimits = .default) throws -> ImageHeader {
        try readHeader(data, path: path, limits: limits).header
    }

    public static func header(file path: String, limits: DecodeLimits = .default) throws -> ImageHeader {
        try header(data: readFile(path), path: path, limits: limits)
    }

    /// The first decoder call: header, colour metadata and the byte size of the decoded samples.
    private static func readHeader(_ data: [UInt8], path: String?,
                                   limits: DecodeLimits) throws -> (header: ImageHeader, byteCount: Int) {
        let format = try Format.require(data, path: path)
        var raw = rsr_decoded()
        defer { rsr_decoded_free(&raw) }
        let maxPixels = UInt64(max(0, limits.maxPixels))
        let status = data.withUnsafeBufferPointer { buffer in
            format.codec.decode(buffer.baseAddress, buffer.count, maxPixels, nil, 0, &raw)
        }
        try checkCodecStatus(status, message: codecMessage(raw.message), context: "invalid \(format.name)", path: path)
        let metadata = format.codec.metadata(raw)
        let orientation = metadata.orientation
        let swaps = orientation >= 5
        let header = ImageHeader(
            format: format,
            width: Int(swaps ? raw.height : raw.width), height: Int(swaps ? raw.width : raw.height),
            channels: Int(raw.channels), bitDepth: Int(raw.bit_depth),
            sourceColor: SourceColor(raw.source_color), sourceAlpha: raw.source_alpha != 0,
            sourceBitDepth: Int(raw.source_bit_depth), lossless: raw.lossless != 0, interlaced: raw.interlaced != 0, iccProfile: metadata.iccProfile, orientation: orientation,
            pngColor: metadata.pngColor, exif: metadata.exif, pages: metadata.pages)
        return (header, raw.pixels_size)
    }
}
