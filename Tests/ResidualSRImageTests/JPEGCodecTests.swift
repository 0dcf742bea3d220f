import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

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
            #expect(header.sourceColor == (variant == .adobeYCCK ? .ycck : .cmyk))
        }
    }
}

@Suite struct JPEGOptionTests {
    /// The luma sampling factors from the SOF0/SOF2 segment (0x22 = 2x2, i.e. 4:2:0; 0x11 = 4:4:4).
    static func lumaSampling(_ jpeg: [UInt8]) -> UInt8? {
        var offset = 2
        while offset + 4 <= jpeg.count, jpeg[offset] == 0xFF {
            let marker = jpeg[offset + 1]
            let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
            if marker == 0xC0 || marker == 0xC2 { return jpeg[offset + 2 + 2 + 6 + 1] }
            offset += 2 + length
        }
        return nil
    }

    @Test func chroma444AndQuality() throws {
        let image = TestImages.pattern8(width: 32, height: 32, channels: 3)
        let subsampled = try image.encode(format: .jpeg)
        let full = try image.encode(format: .jpeg, options: EncodeOptions(chroma444: true))
        #expect(Self.lumaSampling(subsampled) == 0x22 && Self.lumaSampling(full) == 0x11)
        let low = try image.encode(format: .jpeg, options: EncodeOptions(jpegQuality: 20))
        #expect(low.count < subsampled.count)
        #expect(throws: RSRError.self) { try image.encode(format: .jpeg, options: EncodeOptions(jpegQuality: 0)) }
    }

    @Test func progressiveIsReported() throws {
        let image = TestImages.pattern8(width: 16, height: 16, channels: 3)
        let encoded = try image.encode(format: .jpeg, options: EncodeOptions(progressive: true))
        #expect(try Image.header(data: encoded).interlaced)
        #expect(try !Image.header(data: image.encode(format: .jpeg)).interlaced)
    }
}
