import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
import Testing
@testable import ResidualSRServer

/// The real adapter over the codecs and the shared pipeline, with the default bicubic upscaler.
@Suite struct LibraryEngineTests {
    let engine = LibraryEngine()
    let options = UpscaleRequestOptions(scale: 2, modelID: "bicubic")

    @Test func probeReadsTheHeader() throws {
        let header = try engine.probe(TestImages.png(width: 7, height: 3))
        #expect(header.format == .png && header.width == 7 && header.height == 3)
        #expect(try engine.probe(TestImages.pngBomb(width: 90_000, height: 90_000)).pixelCount == 8_100_000_000)
    }

    @Test func upscalesToPNGAndJPEG() async throws {
        let input = TestImages.png(width: 5, height: 4)
        let png = try await engine.upscale(input, options: options) { _ in }
        #expect(png.contentType == "image/png")
        let decoded = try Image.decode(data: png.bytes)
        #expect((decoded.width, decoded.height) == (10, 8))
        // The same pixels `rsr upscale --method bicubic` makes (one shared pipeline).
        let expected = try UpscalePipeline(upscaler: BicubicUpscaler(scale: 2)).upscale(Image.decode(data: input))
        #expect(decoded.samples == expected.samples)

        var jpegOptions = options
        jpegOptions.format = .jpeg
        jpegOptions.quality = 80
        let jpeg = try await engine.upscale(input, options: jpegOptions) { _ in }
        #expect(jpeg.contentType == "image/jpeg")
        #expect(try Image.header(data: jpeg.bytes).format == .jpeg)
    }

    /// Bicubic adds nothing over bicubic: the map's picture (left of its colour bar) is white up to float
    /// noise (the map's narrowest range is a quarter of an 8-bit level).
    @Test func residualOfBicubicItselfIsWhite() async throws {
        let map = try await engine.residual(TestImages.png(width: 4, height: 4), options: options) { _ in }
        let planes = try Image.decode(data: map.bytes).floatImage()
        #expect(planes.channels == 3 && planes.width > 8 && planes.height >= 8)
        for c in 0..<3 { for y in 0..<8 { for x in 0..<8 { #expect(planes[c, y, x] > 0.9) } } }
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

@Suite struct LibraryEngineEnsembleTests {
    /// `ensemble=true` reaches the pipeline: for bicubic the pixels stay bicubic's (up to rounding, here
    /// to the same 8-bit values), and the option is part of the cache key.
    @Test func ensembleOptionRunsAndIsPartOfTheKey() async throws {
        let engine = LibraryEngine()
        var options = UpscaleRequestOptions(scale: 2, modelID: "bicubic")
        let input = TestImages.png(width: 5, height: 3)
        let plain = try Image.decode(data: try await engine.upscale(input, options: options) { _ in }.bytes)
        options.ensemble = true
        let ensemble = try Image.decode(data: try await engine.upscale(input, options: options) { _ in }.bytes)
        #expect((ensemble.width, ensemble.height) == (10, 6))
        guard case .eight(let a) = plain.samples, case .eight(let b) = ensemble.samples else {
            Issue.record("expected 8-bit output")
            return
        }
        #expect(a.count == b.count && zip(a, b).allSatisfy { abs(Int($0) - Int($1)) <= 1 })
        #expect(options.canonicalDescription != UpscaleRequestOptions(scale: 2, modelID: "bicubic").canonicalDescription)
    }
}
