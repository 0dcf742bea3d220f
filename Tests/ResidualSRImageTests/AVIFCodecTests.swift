import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

@Suite struct AVIFCodecTests {
    @Test(arguments: [3, 4])
    func eightBitRoundTripIsClose(channels: Int) throws {
        let image = TestImages.pattern8(width: 40, height: 30, channels: channels)
        let encoded = try image.encode(format: .avif, options: EncodeOptions(chroma444: true, avifQuality: 90))
        #expect(Image.Format.detect(encoded) == .avif)
        let decoded = try Image.decode(data: encoded)
        #expect(decoded.format == .avif && decoded.channels == channels && decoded.bitDepth == 8)
        #expect(TestImages.meanDifference(decoded, image) < 3)
        if channels == 4, case .eight(let got) = decoded.samples, case .eight(let want) = image.samples {
            #expect(stride(from: 3, to: got.count, by: 4).allSatisfy { got[$0] == want[$0] }) // alpha is lossless
        }
    }

    @Test func sixteenBitIsStoredAtTenBits() throws {
        let image = TestImages.pattern8(width: 32, height: 16, channels: 3)
        guard case .eight(let eight) = image.samples else { return }
        let deep = Image(width: 32, height: 16, channels: 3, samples: .sixteen(eight.map { UInt16($0) * 257 }))
        let encoded = try deep.encode(format: .avif, options: EncodeOptions(chroma444: true, avifQuality: 95))
        let header = try Image.header(data: encoded)
        #expect(header.sourceBitDepth == 10 && header.bitDepth == 16)
        let decoded = try Image.decode(data: encoded)
        let difference = zip(TestImages.values(decoded), TestImages.values(deep)).map { abs($0 - $1) }
        #expect(Double(difference.reduce(0, +)) / Double(difference.count) < 3 * 257)
    }

    @Test func grayIsMonochrome() throws {
        let image = TestImages.pattern8(width: 16, height: 16, channels: 1)
        let encoded = try image.encode(format: .avif, options: EncodeOptions(avifQuality: 95))
        #expect(try Image.header(data: encoded).sourceColor == .gray)
        let decoded = try Image.decode(data: encoded)
        #expect(decoded.channels == 3)
        let values = TestImages.values(decoded)
        let equalChannels = stride(from: 0, to: values.count, by: 3).allSatisfy { (index: Int) -> Bool in
            values[index] == values[index + 1] && values[index] == values[index + 2]
        }
        #expect(equalChannels)
    }

    @Test func iccAndExifAreCarriedOver() throws {
        var image = TestImages.pattern8(width: 16, height: 8, channels: 3)
        image.iccProfile = TestICC.profile(description: "AVIF test")
        image.exif = TestImages.exif(orientation: 8)
        let decoded = try Image.decode(data: image.encode(format: .avif))
        #expect(decoded.iccProfile == image.iccProfile)
        #expect(decoded.width == 16 && decoded.orientation == 1) // no irot: the pixels were written upright
        #expect(decoded.exif.flatMap { ExifOrientation.parse(tiff: $0) } == 1)
    }

    @Test func qualityAndSpeedAreChecked() {
        let image = TestImages.pattern8(width: 8, height: 8, channels: 3)
        #expect(throws: RSRError.self) { try image.encode(format: .avif, options: EncodeOptions(avifQuality: 101)) }
        #expect(throws: RSRError.self) { try image.encode(format: .avif, options: EncodeOptions(avifSpeed: 11)) }
    }
}
