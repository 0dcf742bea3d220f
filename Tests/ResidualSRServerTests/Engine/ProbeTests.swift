import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
import Testing
@testable import ResidualSRServer

/// The engine's header probe (the library's `Image.header`, without a pixel limit): what the server
/// checks its limits against before anything is decoded.
@Suite struct ProbeTests {
    let engine = LibraryEngine()

    @Test func readsPNGSize() throws {
        let info = try engine.probe(TestImages.png(width: 5, height: 3))
        #expect(info.format == .png && info.width == 5 && info.height == 3)
    }

    @Test func readsJPEGSizeFromTheFrameHeader() throws {
        let info = try engine.probe(TestImages.jpeg(width: 640, height: 480))
        #expect(info.format == .jpeg && info.width == 640 && info.height == 480)
    }

    @Test func reportsHugeDimensionsWithoutDecoding() throws {
        let info = try engine.probe(TestImages.pngBomb(width: 100_000, height: 100_000))
        #expect(info.pixelCount == 10_000_000_000)
    }

    @Test(arguments: [
        ([UInt8](), RSRError.Kind.corrupt),  // "file is empty" (the server refuses an empty body before probing)
        (Array("GIF89a....".utf8), .unsupported),
        (Array("hello world".utf8), .unsupported),
        ([0x89, 0x50, 0x4E], .unsupported),  // start of a PNG signature: too short to be recognised
        (Array(TestImages.png(width: 4, height: 4).prefix(20)), .corrupt),  // cut inside IHDR
        (Array(TestImages.jpegHeader(width: 8, height: 8).prefix(12)), .corrupt),  // cut before the frame
        (TestImages.pngBomb(width: 0, height: 5), .corrupt),
        ([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08], .corrupt),  // scan data before any frame header
    ])
    func rejectsBadInput(bytes: [UInt8], kind: RSRError.Kind) {
        #expect {
            try engine.probe(bytes)
        } throws: { error in
            (error as? RSRError)?.kind == kind
        }
    }
}
