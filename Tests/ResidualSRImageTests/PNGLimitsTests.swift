import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

/// A PNG decode is bounded by the caller's time limit like a JPEG one (the server gives each decode
/// the rest of its request's deadline).
@Suite struct PNGLimitsTests {
    @Test(arguments: [1, 3, 4])
    func decodeStopsAtItsTimeLimit(channels: Int) throws {
        let encoded = try TestImages.pattern8(width: 37, height: 29, channels: channels).encode(format: .png)
        let error = try #require(throws: RSRError.self) {
            try Image.decode(data: encoded, path: "slow.png", limits: DecodeLimits(timeLimit: .zero))
        }
        #expect(error.kind == .tooLarge && error.description.contains("longer than the time allowed"), "\(error)")
        #expect(error.description.contains("slow.png"), "\(error)")
        // The limit belongs to that call only: the next decode on this thread has none.
        #expect(try Image.decode(data: encoded).width == 37)
        #expect(try Image.decode(data: encoded, limits: DecodeLimits(timeLimit: .seconds(600))).height == 29)
    }

    /// A header of 65535x65535 on a file that ends right after IHDR (no IDAT, no IEND): the pixel limit
    /// is what is reported, for the header call and the decode, not "truncated" (libpng reads on to the
    /// first IDAT before it hands the size over). A small header on the same short file is truncated.
    @Test func hugeHeaderOnAShortFileIsOverThePixelLimit() throws {
        let small = try TestImages.pattern8(width: 3, height: 2, channels: 3).encode(format: .png)
        func headerOnly(width: UInt32, height: UInt32) -> [UInt8] {
            var bytes = Array(small.prefix(33))
            for (offset, value) in [(16, width), (20, height)] {
                for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
            }
            return bytes
        }
        let huge = headerOnly(width: 65535, height: 65535)
        for call in [{ _ = try Image.header(data: huge, path: "huge.png") }, { _ = try Image.decode(data: huge, path: "huge.png") }] {
            let error = try #require(throws: RSRError.self) { try call() }
            #expect(error.kind == .tooLarge && error.description.contains("65535x65535") && error.description.contains("limit"),
                    "\(error)")
        }
        let error = try #require(throws: RSRError.self) { try Image.decode(data: headerOnly(width: 3, height: 2)) }
        #expect(error.kind == .corrupt, "\(error)")
    }
}
