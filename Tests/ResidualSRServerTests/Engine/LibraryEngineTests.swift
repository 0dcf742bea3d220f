import ResidualSR
import Testing
@testable import ResidualSRServer

/// The real adapter over the codecs, with the default nearest-neighbour upscaler.
@Suite struct LibraryEngineTests {
    let engine = LibraryEngine()
    let options = UpscaleRequestOptions(scale: 2, modelID: "nearest")

    @Test func probeReadsTheHeader() throws {
        #expect(try engine.probe(TestImages.png(width: 7, height: 3)) == ImageHeaderInfo(format: .png, width: 7, height: 3))
        #expect(try engine.probe(TestImages.pngBomb(width: 90_000, height: 90_000)).pixelCount == 8_100_000_000)
    }

    @Test func upscalesToPNGAndJPEG() async throws {
        let input = TestImages.png(width: 5, height: 4)
        let png = try await engine.upscale(input, options: options) { _ in }
        #expect(png.contentType == "image/png")
        let decoded = try Image.decode(data: png.bytes)
        #expect((decoded.width, decoded.height) == (10, 8))
        // Nearest neighbour: every output pixel equals its source pixel exactly.
        let source = try Image.decode(data: input).floatImage(), result = decoded.floatImage()
        #expect(result[0, 7, 9] == source[0, 3, 4])
        #expect(result[2, 2, 3] == source[2, 1, 1])

        var jpegOptions = options
        jpegOptions.format = .jpeg
        jpegOptions.quality = 80
        let jpeg = try await engine.upscale(input, options: jpegOptions) { _ in }
        #expect(jpeg.contentType == "image/jpeg")
        #expect(try Image.header(data: jpeg.bytes).format == .jpeg)
    }

    @Test func residualOfTheBaselineItselfIsFlatGrey() async throws {
        let map = try await engine.residual(TestImages.png(width: 4, height: 4), options: options) { _ in }
        let planes = try Image.decode(data: map.bytes).floatImage()
        #expect(planes.pixels.allSatisfy { abs($0 - 128.0 / 255) < 1e-6 })
    }

    @Test func corruptInputIsACorruptError() async throws {
        var truncated = TestImages.png(width: 16, height: 16)
        truncated.removeLast(40)
        await #expect {
            _ = try await engine.upscale(truncated, options: options) { _ in }
        } throws: { error in
            (error as? RSRError)?.kind == .corrupt
        }
        #expect(throws: RSRError.self) { try engine.probe(Array("not an image".utf8)) }
    }
}
