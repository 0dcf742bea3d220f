import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage

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
}
