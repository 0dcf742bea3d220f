import CImageCodecs
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What a file's header says, without decoding its pixels (`rsr info`, pre-flight checks).
public struct ImageHeader: Sendable, Equatable {
    public var format: Image.Format
    /// Upright size: orientations 5-8 swap the stored width and height.
    public var width: Int
    public var height: Int
    /// Channels and bit depth that `Image.decode` produces.
    public var channels: Int
    public var bitDepth: Int
    /// As stored: e.g. "palette" at 4 bits, or "CMYK".
    public var sourceColor: String
    public var sourceBitDepth: Int
    public var interlaced: Bool
    public var iccProfile: [UInt8]?
    public var orientation: Int
    public var pngColor: PNGColorInfo?
}

extension Image {
    /// Decodes a PNG or JPEG (chosen by magic bytes). `path` only names the source in errors.
    public static func decode(data: [UInt8], path: String? = nil, limits: DecodeLimits = .default) throws -> Image {
        let (header, decoded) = try decodeRaw(data, path: path, limits: limits, headerOnly: false)
        var raw = decoded
        defer { rsr_decoded_free(&raw) }
        let storedWidth = Int(raw.width), storedHeight = Int(raw.height)
        let count = storedWidth * storedHeight * header.channels
        guard let pixels = raw.pixels, raw.pixels_size == count * header.bitDepth / 8 else {
            throw RSRError(.corrupt, "decoder returned no pixels", path: path)
        }
        let samples: ImageSamples
        if header.bitDepth == 16 {
            let pointer = pixels.assumingMemoryBound(to: UInt16.self)
            samples = .sixteen(Array(UnsafeBufferPointer(start: pointer, count: count)))
        } else {
            let pointer = pixels.assumingMemoryBound(to: UInt8.self)
            samples = .eight(Array(UnsafeBufferPointer(start: pointer, count: count)))
        }
        var image = Image(width: storedWidth, height: storedHeight, channels: header.channels, samples: samples,
                          iccProfile: header.iccProfile, orientation: header.orientation,
                          format: header.format, pngColor: header.pngColor)
        image.applyOrientation(header.orientation)
        return image
    }

    public static func decode(data: Data, path: String? = nil, limits: DecodeLimits = .default) throws -> Image {
        try decode(data: [UInt8](data), path: path, limits: limits)
    }

    public static func decode(file path: String, limits: DecodeLimits = .default) throws -> Image {
        try decode(data: readFile(path), path: path, limits: limits)
    }

    /// Reads only what the header says (plus ICC and orientation). Still enforces `limits`.
    public static func header(data: [UInt8], path: String? = nil, limits: DecodeLimits = .default) throws -> ImageHeader {
        var (header, raw) = try decodeRaw(data, path: path, limits: limits, headerOnly: true)
        rsr_decoded_free(&raw)
        return header
    }

    public static func header(file path: String, limits: DecodeLimits = .default) throws -> ImageHeader {
        try header(data: readFile(path), path: path, limits: limits)
    }

    /// The whole file, with errors that name it.
    static func readFile(_ path: String) throws -> [UInt8] {
        do {
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason: String
            if let cocoa = error as? CocoaError, let underlying = cocoa.underlying as? POSIXError {
                reason = String(cString: strerror(underlying.code.rawValue))
            } else if (error as? CocoaError)?.code == .fileReadNoSuchFile {
                reason = "no such file"
            } else {
                reason = "cannot read file"
            }
            throw RSRError(.io, "cannot read: \(reason)", path: path)
        }
    }

    /// Runs the C decoder; on success the caller owns (and must free) the returned buffers.
    private static func decodeRaw(_ data: [UInt8], path: String?, limits: DecodeLimits,
                                  headerOnly: Bool) throws -> (ImageHeader, rsr_decoded) {
        let format = try Format.require(data, path: path)
        var raw = rsr_decoded()
        let maxPixels = UInt64(max(0, limits.maxPixels))
        let status = data.withUnsafeBufferPointer { buffer in
            switch format {
            case .png: rsr_png_decode(buffer.baseAddress, buffer.count, maxPixels, headerOnly ? 1 : 0, &raw)
            case .jpeg: rsr_jpeg_decode(buffer.baseAddress, buffer.count, maxPixels, headerOnly ? 1 : 0, &raw)
            }
        }
        let name = format == .png ? "PNG" : "JPEG"
        do {
            try checkCodecStatus(status, message: codecMessage(raw.message), context: "invalid \(name)", path: path)
        } catch {
            rsr_decoded_free(&raw)
            throw error
        }
        var icc: [UInt8]?
        var orientation = 1
        var pngColor: PNGColorInfo?
        let sourceColor = codecMessage(raw.source_color)
        switch format {
        case .png:
            if let bytes = raw.icc, raw.icc_size > 0 { icc = Array(UnsafeBufferPointer(start: bytes, count: raw.icc_size)) }
            let color = PNGColorInfo(gamma: raw.has_gamma != 0 ? Int(raw.gamma) : nil,
                                     srgbIntent: raw.srgb_intent >= 0 ? Int(raw.srgb_intent) : nil)
            pngColor = color == PNGColorInfo() ? nil : color
        case .jpeg:
            let markers = raw.markers.map { JPEGMarkers(packed: UnsafeBufferPointer(start: $0, count: raw.markers_size)) }
            orientation = markers?.orientation ?? 1
            // After CMYK -> RGB conversion a CMYK profile no longer describes the pixels.
            if sourceColor != "CMYK" && sourceColor != "YCCK" { icc = markers?.iccProfile }
        }
        let swaps = orientation >= 5
        let header = ImageHeader(
            format: format,
            width: Int(swaps ? raw.height : raw.width), height: Int(swaps ? raw.width : raw.height),
            channels: Int(raw.channels), bitDepth: Int(raw.bit_depth),
            sourceColor: sourceColor, sourceBitDepth: Int(raw.source_bit_depth),
            interlaced: raw.interlaced != 0, iccProfile: icc, orientation: orientation, pngColor: pngColor)
        return (header, raw)
    }
}
