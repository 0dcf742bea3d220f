import CImageCodecs
import CImageTestSupport
import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

/// Incomplete JPEGs fail instead of decoding with grey rows; scan bombs and slow decodes are cut off.
@Suite struct JPEGLimitsTests {
    private static func baseline(width: Int = 64, height: Int = 48) throws -> [UInt8] {
        try TestImages.pattern8(width: width, height: height, channels: 3).encode(format: .jpeg)
    }

    /// Offset of the first byte after the marker segment `marker` (FF xx + 2-byte length).
    private static func segmentEnd(_ bytes: [UInt8], marker: UInt8) throws -> Int {
        let start = try #require((2..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == marker })
        return start + 2 + Int(bytes[start + 2]) << 8 + Int(bytes[start + 3])
    }

    @Test func scanDataCutShortWithEOIIsCorrupt() throws {
        let encoded = try Self.baseline()
        let scanStart = try Self.segmentEnd(encoded, marker: 0xDA)
        let cut = Array(encoded[0..<(scanStart + (encoded.count - scanStart) / 2)]) + [0xFF, 0xD9]
        let error = try #require(throws: RSRError.self) { try Image.decode(data: cut, path: "cut.jpg") }
        #expect(error.kind == .corrupt, "\(error)")
    }

    @Test func frameTallerThanItsDataIsCorrupt() throws {
        var encoded = try Self.baseline()
        let sof = try #require((2..<encoded.count - 1).first { encoded[$0] == 0xFF && encoded[$0 + 1] == 0xC0 })
        encoded[sof + 5] = 0
        encoded[sof + 6] = 96 // twice the 48 rows that are there
        #expect(try Image.header(data: encoded).height == 96)
        let error = try #require(throws: RSRError.self) { try Image.decode(data: encoded, path: "tall.jpg") }
        #expect(error.kind == .corrupt, "\(error)")
    }

    @Test func strayBytesBeforeAMarkerAreStillTolerated() throws {
        let encoded = try Self.baseline()
        let stray = Array(encoded.dropLast(2)) + [0x00, 0x11, 0x22] + [0xFF, 0xD9]
        #expect(try Image.decode(data: stray).width == 64)
    }

    private static func progressive(channels: Int, bandWidth: Int) throws -> [UInt8] {
        let image = TestImages.pattern8(width: 40, height: 32, channels: channels)
        guard case .eight(let samples) = image.samples else { throw RSRError(.invalidArgument, "8-bit pattern expected") }
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = rsr_jpeg_encode_scans(40, 32, Int32(channels), samples, Int32(bandWidth), &out, &size)
        try checkCodecStatus(status, message: "", context: "test encoder", path: nil)
        defer { rsr_test_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    @Test func progressiveJPEGWithTooManyScansIsRefused() throws {
        let bomb = try Self.progressive(channels: 3, bandWidth: 1) // 1 + 3 x 63 = 190 scans
        #expect(try Image.header(data: bomb).interlaced)
        let error = try #require(throws: RSRError.self) { try Image.decode(data: bomb, path: "scans.jpg") }
        #expect(error.kind == .tooLarge)
        #expect(error.description.contains("more than \(RSR_JPEG_MAX_SCANS) scans"), "\(error)")
    }

    @Test func progressiveJPEGWithinTheScanLimitDecodes() throws {
        let fine = try Self.progressive(channels: 1, bandWidth: 1) // 64 scans
        #expect(try Image.decode(data: fine).width == 40)
    }

    @Test func decodeStopsAtItsTimeLimit() throws {
        let encoded = try Self.progressive(channels: 1, bandWidth: 1)
        let error = try #require(throws: RSRError.self) {
            try Image.decode(data: encoded, limits: DecodeLimits(timeLimit: .zero))
        }
        #expect(error.kind == .tooLarge && error.description.contains("longer than the time allowed"), "\(error)")
        // The limit belongs to that call only: the next decode on this thread has none.
        #expect(try Image.decode(data: encoded).width == 40)
    }
}
