import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

@Suite struct PNGCodecTests {
    @Test(arguments: [1, 2, 3, 4])
    func eightBitRoundTripIsExact(channels: Int) throws {
        let image = TestImages.pattern8(width: 13, height: 7, channels: channels)
        let decoded = try Image.decode(data: image.encode(format: .png))
        #expect(decoded.samples == image.samples)
        #expect(decoded.channels == channels && decoded.bitDepth == 8 && decoded.format == .png)
    }

    @Test(arguments: [1, 2, 3, 4])
    func sixteenBitRoundTripIsExact(channels: Int) throws {
        let image = TestImages.pattern16(width: 11, height: 5, channels: channels)
        let encoded = try image.encode(format: .png)
        #expect(encoded[24] == 16) // IHDR bit depth
        let decoded = try Image.decode(data: encoded)
        #expect(decoded.samples == image.samples)
    }

    @Test func sixteenBitIsStoredBigEndian() throws {
        let image = Image(width: 1, height: 1, channels: 1, samples: .sixteen([0x1234]))
        let decoded = try Image.decode(data: image.encode(format: .png, options: EncodeOptions(pngCompressionLevel: 0)))
        #expect(decoded.samples == .sixteen([0x1234]))
        let encoded = try image.encode(format: .png, options: EncodeOptions(pngCompressionLevel: 0))
        // Stored block: filter byte 0, then the sample high byte first.
        #expect(encoded.indices.dropLast().contains { encoded[$0] == 0x12 && encoded[$0 + 1] == 0x34 })
    }
}
