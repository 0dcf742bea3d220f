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

/// CMYK/YCCK JPEGs convert to RGB with R = (1 - C)(1 - K) etc.; Adobe files store inverted values.
@Suite struct JPEGCMYKTests {
    /// Ink amounts (C, M, Y, K) and the RGB they should give.
    static let cases: [([UInt8], [UInt8])] = [
        ([0, 255, 255, 0], [255, 0, 0]),
        ([0, 0, 0, 255], [0, 0, 0]),
        ([0, 0, 0, 0], [255, 255, 255]),
        ([255, 0, 255, 0], [0, 255, 0]),
        ([0, 0, 0, 128], [127, 127, 127]),
        ([51, 102, 153, 51], [163, 122, 82]), // (0.8 * 0.8, 0.6 * 0.8, 0.4 * 0.8) * 255
    ]

    @Test(arguments: [TestImages.CMYKVariant.plain, .adobe, .adobeYCCK])
    func convertsToRGB(variant: TestImages.CMYKVariant) throws {
        for (ink, rgb) in Self.cases {
            let stored = variant == .plain ? ink : ink.map { 255 - $0 }
            let samples = (0..<64).flatMap { _ in stored }
            let jpeg = try TestImages.cmykJPEG(width: 8, height: 8, samples: samples, variant: variant)
            let image = try Image.decode(data: jpeg)
            #expect(image.channels == 3 && image.iccProfile == nil)
            guard case .eight(let values) = image.samples else { continue }
            let centre = Array(values[((4 * 8 + 4) * 3)..<((4 * 8 + 4) * 3 + 3)])
            #expect(zip(centre, rgb).allSatisfy { abs(Int($0) - Int($1)) <= 3 }, "\(variant) \(ink) -> \(centre)")
            let header = try Image.header(data: jpeg)
            #expect(header.sourceColor == (variant == .adobeYCCK ? "YCCK" : "CMYK"))
        }
    }
}
