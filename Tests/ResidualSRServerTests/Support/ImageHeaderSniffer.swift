import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
@testable import ResidualSRServer

/// The fake engine's header probe: format, width and height from the first bytes of a PNG or JPEG,
/// without libpng/libjpeg, so server tests do not depend on the codecs.
enum ImageHeaderSniffer {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func probe(_ bytes: [UInt8]) throws -> ImageHeaderInfo {
        if bytes.isEmpty { throw RSRError(.invalidArgument, "the request body is empty") }
        if bytes.starts(with: pngSignature) { return try probePNG(bytes) }
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8 { return try probeJPEG(bytes) }
        if pngSignature.starts(with: bytes) || bytes == [0xFF] {
            throw RSRError(.corrupt, "truncated image: only \(bytes.count) bytes")
        }
        let start = bytes.prefix(4).map { hex($0) }.joined(separator: " ")
        throw RSRError(.unsupported, "not a PNG or JPEG image (starts with \(start))")
    }

    // PNG: signature, then IHDR must be the first chunk: length 13, "IHDR", width, height (big-endian).
    private static func probePNG(_ bytes: [UInt8]) throws -> ImageHeaderInfo {
        guard bytes.count >= 24 else { throw RSRError(.corrupt, "truncated PNG: the header is incomplete") }
        guard Array(bytes[12..<16]) == Array("IHDR".utf8), bigEndian32(bytes, at: 8) == 13 else {
            throw RSRError(.corrupt, "malformed PNG: the first chunk is not IHDR")
        }
        let width = bigEndian32(bytes, at: 16)
        let height = bigEndian32(bytes, at: 20)
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw RSRError(.corrupt, "malformed PNG: invalid size \(width)x\(height)")
        }
        return ImageHeaderInfo(format: .png, width: width, height: height)
    }

    // JPEG: walk the marker segments until a start-of-frame, which holds height then width.
    private static func probeJPEG(_ bytes: [UInt8]) throws -> ImageHeaderInfo {
        var offset = 2
        while true {
            // Markers may be preceded by any number of 0xFF fill bytes.
            guard offset < bytes.count, bytes[offset] == 0xFF else {
                if offset >= bytes.count { throw RSRError(.corrupt, "truncated JPEG: no frame header found") }
                throw RSRError(.corrupt, "malformed JPEG: expected a marker at byte \(offset)")
            }
            while offset < bytes.count && bytes[offset] == 0xFF { offset += 1 }
            guard offset < bytes.count else { throw RSRError(.corrupt, "truncated JPEG: no frame header found") }
            let marker = bytes[offset]
            offset += 1
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }  // standalone markers
            if marker == 0xD9 || marker == 0xDA {
                throw RSRError(.corrupt, "malformed JPEG: image data before any frame header")
            }
            guard offset + 2 <= bytes.count else { throw RSRError(.corrupt, "truncated JPEG: no frame header found") }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            guard length >= 2 else { throw RSRError(.corrupt, "malformed JPEG: segment length \(length)") }
            if isStartOfFrame(marker) {
                guard offset + 7 <= bytes.count else { throw RSRError(.corrupt, "truncated JPEG: frame header cut short") }
                let height = Int(bytes[offset + 3]) << 8 | Int(bytes[offset + 4])
                let width = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
                guard width > 0 else { throw RSRError(.corrupt, "malformed JPEG: width 0") }
                guard height > 0 else { throw RSRError(.unsupported, "JPEG with the height defined later (DNL) is not supported") }
                return ImageHeaderInfo(format: .jpeg, width: width, height: height)
            }
            offset += length
        }
    }

    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    private static func bigEndian32(_ bytes: [UInt8], at offset: Int) -> Int {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
