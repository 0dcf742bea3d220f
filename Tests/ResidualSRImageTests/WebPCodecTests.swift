import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

@Suite struct WebPCodecTests {
    @Test(arguments: [3, 4])
    func losslessRoundTripIsExact(channels: Int) throws {
        let image = TestImages.pattern8(width: 37, height: 23, channels: channels)
        let encoded = try image.encode(format: .webp, options: EncodeOptions(webpLossless: true))
        #expect(Image.Format.detect(encoded) == .webp)
        let decoded = try Image.decode(data: encoded)
        #expect(decoded.format == .webp && decoded.width == 37 && decoded.height == 23 && decoded.channels == channels)
        #expect(decoded.samples == image.samples)
        let header = try Image.header(data: encoded)
        #expect(header.lossless && header.sourceColor == .rgb && header.sourceAlpha == (channels == 4))
    }

    @Test func lossyRoundTripIsCloseAndQualityMatters() throws {
        let image = TestImages.pattern8(width: 64, height: 48, channels: 3)
        let high = try image.encode(format: .webp, options: EncodeOptions(webpQuality: 95))
        let low = try image.encode(format: .webp, options: EncodeOptions(webpQuality: 10))
        #expect(low.count < high.count)
        let decoded = try Image.decode(data: high)
        #expect(decoded.channels == 3 && TestImages.meanDifference(decoded, image) < 3)
        let header = try Image.header(data: high)
        #expect(header.sourceColor == .rgb && !header.sourceAlpha && !header.lossless)
        #expect(throws: RSRError.self) { try image.encode(format: .webp, options: EncodeOptions(webpQuality: 0)) }
    }

    @Test func lossyKeepsAlpha() throws {
        let image = TestImages.pattern8(width: 20, height: 20, channels: 4)
        let decoded = try Image.decode(data: image.encode(format: .webp))
        #expect(decoded.channels == 4)
        guard case .eight(let got) = decoded.samples, case .eight(let want) = image.samples else { return }
        // Alpha is coded losslessly even in a lossy file.
        #expect(stride(from: 3, to: got.count, by: 4).allSatisfy { got[$0] == want[$0] })
    }

    @Test func grayIsStoredAsRGB() throws {
        let image = TestImages.pattern8(width: 9, height: 7, channels: 1)
        let decoded = try Image.decode(data: image.encode(format: .webp, options: EncodeOptions(webpLossless: true)))
        #expect(decoded.channels == 3)
        guard case .eight(let rgb) = decoded.samples, case .eight(let gray) = image.samples else { return }
        #expect(gray.indices.allSatisfy { rgb[3 * $0] == gray[$0] && rgb[3 * $0 + 2] == gray[$0] })
    }

    @Test func iccAndExifAreCarriedOverWithOrientationReset() throws {
        var image = TestImages.pattern8(width: 12, height: 8, channels: 3)
        image.iccProfile = TestICC.profile(description: "WebP test")
        image.exif = TestImages.exif(orientation: 6) // as decoded from a rotated JPEG: pixels already upright
        let decoded = try Image.decode(data: image.encode(format: .webp, options: EncodeOptions(webpLossless: true)))
        #expect(decoded.iccProfile == image.iccProfile)
        #expect(decoded.width == 12 && decoded.orientation == 1)
        #expect(decoded.exif.flatMap { ExifOrientation.parse(tiff: $0) } == 1)
        #expect(decoded.samples == image.samples)
    }

    @Test func exifOrientationIsAppliedOnDecode() throws {
        let stored = TestImages.numbered(width: 5, height: 3)
        var rgb = stored
        guard case .eight(let gray) = stored.samples else { return }
        rgb.channels = 3
        rgb.samples = .eight(gray.flatMap { [$0, $0, $0] })
        let file = try TestImages.webp(rgb, exif: TestImages.exif(orientation: 6))
        let decoded = try Image.decode(data: file)
        #expect(decoded.width == 3 && decoded.height == 5 && decoded.orientation == 6)
        let upright = ExifOrientation.apply(6, to: gray, width: 5, height: 3, channels: 1)
        guard case .eight(let values) = decoded.samples else { return }
        #expect(stride(from: 0, to: values.count, by: 3).map { values[$0] } == upright)
        #expect(try Image.header(data: file).width == 3)
    }

    /// A VP8X header with the animation flag: refused with a reason, not decoded as one frame.
    @Test func animatedIsRefusedClearly() {
        let vp8x: [UInt8] = Array("VP8X".utf8) + [10, 0, 0, 0, 0x02, 0, 0, 0, 9, 0, 0, 9, 0, 0]
        let anim: [UInt8] = Array("ANIM".utf8) + [6, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let body = Array("WEBP".utf8) + vp8x + anim
        let file = Array("RIFF".utf8) + (0..<4).map { UInt8(truncatingIfNeeded: body.count >> (8 * $0)) } + body
        let error = #expect(throws: RSRError.self) { try Image.decode(data: file, path: "anim.webp") }
        #expect(error?.kind == .unsupported && error?.reason.contains("animated") == true)
    }

    @Test func tooLargeToWriteFailsBeforeWriting() throws {
        let image = TestImages.pattern8(width: 16_384, height: 1, channels: 3)
        let error = #expect(throws: RSRError.self) { try image.encode(format: .webp) }
        #expect(error?.reason.contains("16383") == true)
    }
}
