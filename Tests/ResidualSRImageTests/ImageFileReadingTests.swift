import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

/// A FIFO named as an image to decode is refused at once instead of blocking forever.
@Suite struct ImageFileReadingTests {
    @Test func imageDecodeRefusesAFIFO() throws {
        let error = try #require(try FIFOProbe.error { _ = try Image.decode(file: $0) })
        #expect(error.description.contains("not a regular file (a FIFO)"), "\(error)")
        #expect(error.path?.hasSuffix("pipe.png") == true)
    }
}
