import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

/// Every PNG colour type and bit depth, written by the test-only raw encoder, decodes to the
/// documented expansion (8-bit unless the file is 16-bit; palette to RGB; tRNS to alpha).
@Suite struct PNGVariantTests {
    // PNG colour types.
    static let gray: Int32 = 0, rgb: Int32 = 2, palette: Int32 = 3, grayAlpha: Int32 = 4, rgba: Int32 = 6

    @Test(arguments: [1, 2, 4])
    func lowBitGrayScalesToEightBits(bitDepth: Int) throws {
        let levels = 1 << bitDepth
        let values = (0..<(9 * 4)).map { UInt8(($0 * 7) % levels) }
        let data = try TestImages.rawPNG(width: 9, height: 4, colorType: Self.gray, bitDepth: Int32(bitDepth),
                                         samples: values)
        let image = try Image.decode(data: data)
        #expect(image.channels == 1 && image.bitDepth == 8)
        #expect(image.samples == .eight(values.map { UInt8(Int($0) * 255 / (levels - 1)) }))
    }

    @Test(arguments: [1, 2, 4, 8])
    func paletteExpandsToRGB(bitDepth: Int) throws {
        let entries = 1 << min(bitDepth, 4)
        var palette: [UInt8] = []
        for entry in 0..<entries { palette += [UInt8(entry * 15), UInt8(255 - entry * 10), UInt8(entry * 3 + 1)] }
        let indices = (0..<(7 * 5)).map { UInt8(($0 * 5) % entries) }
        let data = try TestImages.rawPNG(width: 7, height: 5, colorType: Self.palette, bitDepth: Int32(bitDepth),
                                         samples: indices, palette: palette)
        let image = try Image.decode(data: data)
        #expect(image.channels == 3 && image.bitDepth == 8)
        var expected: [UInt8] = []
        for index in indices.map(Int.init) { expected += palette[(index * 3)..<(index * 3 + 3)] }
        #expect(image.samples == .eight(expected))
    }

    @Test func paletteWithTransparencyExpandsToRGBA() throws {
        let palette: [UInt8] = [10, 20, 30, 40, 50, 60, 70, 80, 90]
        let alphas: [UInt8] = [0, 128] // the third entry has no tRNS value: opaque
        let indices: [UInt8] = [0, 1, 2, 2, 1, 0]
        let data = try TestImages.rawPNG(width: 3, height: 2, colorType: Self.palette, bitDepth: 8,
                                         samples: indices, palette: palette, trns: alphas)
        let image = try Image.decode(data: data)
        #expect(image.channels == 4)
        let expected = indices.flatMap { index -> [UInt8] in
            let i = Int(index)
            return Array(palette[(i * 3)..<(i * 3 + 3)]) + [i < alphas.count ? alphas[i] : 255]
        }
        #expect(image.samples == .eight(expected))
    }

    @Test func grayTransparentColourBecomesAlpha() throws {
        let values: [UInt8] = [5, 7, 5, 9]
        let data = try TestImages.rawPNG(width: 2, height: 2, colorType: Self.gray, bitDepth: 8, samples: values,
                                         trnsColor: [5, 0, 0])
        let image = try Image.decode(data: data)
        #expect(image.channels == 2)
        #expect(image.samples == .eight([5, 0, 7, 255, 5, 0, 9, 255]))
    }

    @Test func sixteenBitGrayTransparencyStaysSixteenBit() throws {
        let values: [UInt16] = [1000, 65000, 1000]
        let data = try TestImages.rawPNG16(width: 3, height: 1, colorType: Self.gray, samples: values,
                                           trnsColor: [1000, 0, 0])
        let image = try Image.decode(data: data)
        #expect(image.channels == 2 && image.bitDepth == 16)
        #expect(image.samples == .sixteen([1000, 0, 65000, 65535, 1000, 0]))
    }

    @Test func rgbTransparentColourBecomesAlpha() throws {
        let values: [UInt8] = [1, 2, 3, 4, 5, 6]
        let data = try TestImages.rawPNG(width: 2, height: 1, colorType: Self.rgb, bitDepth: 8, samples: values,
                                         trnsColor: [4, 5, 6])
        let image = try Image.decode(data: data)
        #expect(image.samples == .eight([1, 2, 3, 255, 4, 5, 6, 0]))
    }

    @Test(arguments: [(Self.rgb, 3), (Self.grayAlpha, 2), (Self.rgba, 4), (Self.gray, 1)])
    func interlacedMatchesProgressiveScan(colorType: Int32, channels: Int) throws {
        let (width, height) = (11, 9) // not a multiple of 8, so every Adam7 pass is partial
        let values = (0..<(width * height * channels)).map { UInt8(($0 * 37) % 256) }
        let plain = try TestImages.rawPNG(width: width, height: height, colorType: colorType, bitDepth: 8,
                                          samples: values)
        let interlaced = try TestImages.rawPNG(width: width, height: height, colorType: colorType, bitDepth: 8,
                                               interlaced: true, samples: values)
        #expect(plain != interlaced)
        #expect(try Image.decode(data: interlaced).samples == .eight(values))
        #expect(try Image.decode(data: plain).samples == .eight(values))
    }

    @Test func interlacedSixteenBitAndLowBitDepth() throws {
        let sixteen = (0..<(5 * 6 * 3)).map { UInt16(($0 * 2311) % 65536) }
        let data16 = try TestImages.rawPNG16(width: 5, height: 6, colorType: Self.rgb, interlaced: true, samples: sixteen)
        #expect(try Image.decode(data: data16).samples == .sixteen(sixteen))
        let twoBit = (0..<(10 * 3)).map { UInt8($0 % 4) }
        let data2 = try TestImages.rawPNG(width: 10, height: 3, colorType: Self.gray, bitDepth: 2, interlaced: true,
                                          samples: twoBit)
        #expect(try Image.decode(data: data2).samples == .eight(twoBit.map { $0 * 85 }))
    }

    @Test func headerReportsSourceLayout() throws {
        let data = try TestImages.rawPNG(width: 4, height: 2, colorType: Self.palette, bitDepth: 4,
                                         samples: [UInt8](repeating: 1, count: 8), palette: [1, 2, 3, 4, 5, 6])
        let header = try Image.header(data: data)
        #expect(header.sourceColor == .palette && header.sourceBitDepth == 4)
        #expect(header.channels == 3 && header.bitDepth == 8 && header.width == 4 && header.height == 2)
    }

    @Test func gammaAndSRGBAreKeptAndWrittenBack() throws {
        var image = TestImages.pattern8(width: 4, height: 4, channels: 3)
        image.pngColor = PNGColorInfo(gamma: 45455, srgbIntent: 0)
        let decoded = try Image.decode(data: image.encode(format: .png))
        #expect(decoded.pngColor == PNGColorInfo(gamma: 45455, srgbIntent: 0))
        let gammaOnly = Image(width: 1, height: 1, channels: 1, samples: .eight([9]),
                              pngColor: PNGColorInfo(gamma: 100000))
        #expect(try Image.decode(data: gammaOnly.encode(format: .png)).pngColor == PNGColorInfo(gamma: 100000))
    }
}
