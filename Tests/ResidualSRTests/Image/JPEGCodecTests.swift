import Testing
@testable import ResidualSR

@Suite struct JPEGCodecTests {
    @Test(arguments: [false, true])
    func rgbRoundTripIsClose(progressive: Bool) throws {
        let image = TestImages.pattern8(width: 32, height: 24, channels: 3)
        let encoded = try image.encode(format: .jpeg, options: EncodeOptions(chroma444: true, progressive: progressive))
        let decoded = try Image.decode(data: encoded)
        #expect(decoded.width == 32 && decoded.height == 24 && decoded.channels == 3 && decoded.format == .jpeg)
        #expect(TestImages.meanDifference(decoded, image) < 2)
    }

    @Test func grayStaysGray() throws {
        let image = TestImages.pattern8(width: 16, height: 16, channels: 1)
        let decoded = try Image.decode(data: image.encode(format: .jpeg))
        #expect(decoded.channels == 1)
        #expect(TestImages.meanDifference(decoded, image) < 2)
    }
}
