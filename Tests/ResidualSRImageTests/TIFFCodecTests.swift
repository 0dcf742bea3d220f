import Foundation
import CImageCodecs
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

@Suite struct TIFFCodecTests {
    static let layouts: [(channels: Int, bitDepth: Int)] = [(1, 8), (2, 8), (3, 8), (4, 8), (1, 16), (2, 16), (3, 16), (4, 16)]

    @Test(arguments: [TIFFCompression.none, .lzw, .deflate], [0, 16])
    func roundTripIsExact(compression: TIFFCompression, tileSize: Int) throws {
        for (channels, bitDepth) in Self.layouts {
            let image = bitDepth == 16 ? TestImages.pattern16(width: 35, height: 21, channels: channels)
                                       : TestImages.pattern8(width: 35, height: 21, channels: channels)
            let options = EncodeOptions(tiffCompression: compression, tiffTileSize: tileSize)
            let encoded = try image.encode(format: .tiff, options: options)
            #expect(Image.Format.detect(encoded) == .tiff)
            let decoded = try Image.decode(data: encoded)
            #expect(decoded.format == .tiff && decoded.channels == channels && decoded.bitDepth == bitDepth)
            #expect(decoded.samples == image.samples, "\(channels) channels, \(bitDepth) bits, \(compression), tiles \(tileSize)")
        }
    }

    @Test func streamedRowsMatchTheWholeImage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let image = TestImages.pattern16(width: 33, height: 40, channels: 3)
        let path = folder.file("streamed.tif")
        let writer = try ImageWriter(path: path, format: .tiff, width: 33, height: 40, channels: 3, bitDepth: 16)
        guard case .sixteen(let values) = image.samples else { return }
        for start in stride(from: 0, to: 40, by: 7) {
            let end = min(40, start + 7)
            try writer.append(rows: Array(values[(start * 33 * 3)..<(end * 33 * 3)]))
        }
        try writer.finish()
        #expect(try Image.decode(file: path).samples == image.samples)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == image.encode(format: .tiff))
    }

    @Test func iccProfileIsKept() throws {
        var image = TestImages.pattern8(width: 8, height: 8, channels: 3)
        image.iccProfile = TestICC.profile(description: "TIFF test")
        #expect(try Image.decode(data: image.encode(format: .tiff)).iccProfile == image.iccProfile)
    }

    @Test(arguments: 1...8)
    func orientationTagIsApplied(orientation: Int) throws {
        let stored = TestImages.numbered(width: 5, height: 3)
        let file = try TestImages.rawTIFF(width: 5, height: 3, samplesPerPixel: 1, bitsPerSample: 8, photometric: 1,
                                          orientation: orientation, samples: TestImages.bytes(of: stored))
        let decoded = try Image.decode(data: file)
        #expect(decoded.orientation == orientation)
        #expect(decoded.width == (orientation >= 5 ? 3 : 5))
        guard case .eight(let values) = stored.samples else { return }
        #expect(decoded.samples == .eight(ExifOrientation.apply(orientation, to: values, width: 5, height: 3, channels: 1)))
        #expect(try Image.header(data: file).width == decoded.width)
    }

    @Test func planarTiledAndMultiPageLayoutsDecode() throws {
        let image = TestImages.pattern8(width: 19, height: 17, channels: 3)
        let planar = try TestImages.rawTIFF(width: 19, height: 17, samplesPerPixel: 3, bitsPerSample: 8, planar: 2,
                                            compression: RSR_TIFF_LZW, tileSize: 16, pages: 3,
                                            samples: TestImages.bytes(of: image))
        let decoded = try Image.decode(data: planar)
        #expect(decoded.samples == image.samples)
        #expect(try Image.header(data: planar).pages == 3)
    }

    @Test func minIsWhiteIsInverted() throws {
        let image = TestImages.pattern8(width: 6, height: 4, channels: 1)
        let file = try TestImages.rawTIFF(width: 6, height: 4, samplesPerPixel: 1, bitsPerSample: 8, photometric: 0,
                                          samples: TestImages.bytes(of: image))
        #expect(TestImages.values(try Image.decode(data: file)) == TestImages.values(image).map { 255 - $0 })
    }

    @Test func associatedAlphaIsUnpremultiplied() throws {
        // One pixel: premultiplied (60, 30, 0) at alpha 120 is straight (128, 64, 0).
        let file = try TestImages.rawTIFF(width: 1, height: 1, samplesPerPixel: 4, bitsPerSample: 8, extraSample: 1,
                                          samples: [60, 30, 0, 120])
        #expect(TestImages.values(try Image.decode(data: file)) == [128, 64, 0, 120])
        let straight = try TestImages.rawTIFF(width: 1, height: 1, samplesPerPixel: 4, bitsPerSample: 8, extraSample: 2,
                                              samples: [60, 30, 0, 120])
        #expect(TestImages.values(try Image.decode(data: straight)) == [60, 30, 0, 120])
    }

    /// 1-bit bilevel goes through libtiff's RGBA reader.
    @Test func bilevelDecodesThroughTheRGBAReader() throws {
        let file = try TestImages.rawTIFF(width: 8, height: 2, samplesPerPixel: 1, bitsPerSample: 1, photometric: 1,
                                          samples: [0b1010_0000, 0b0000_0001])
        let decoded = try Image.decode(data: file)
        #expect(decoded.channels == 3 && decoded.bitDepth == 8)
        let red = stride(from: 0, to: 48, by: 3).map { TestImages.values(decoded)[$0] }
        #expect(red == [255, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255])
    }

    @Test func hugeDeclaredSizeIsRefusedFromTheHeader() throws {
        let small = try TestImages.rawTIFF(width: 4, height: 4, samplesPerPixel: 1, bitsPerSample: 8, photometric: 1,
                                           samples: [UInt8](repeating: 9, count: 16))
        let bomb = TestImages.tiffClaiming(width: 100_000, height: 100_000, in: small)
        let error = #expect(throws: RSRError.self) { try Image.decode(data: bomb, path: "bomb.tif") }
        #expect(error?.kind == .tooLarge && error?.reason.contains("100000x100000") == true)
        #expect(throws: RSRError.self) { try Image.header(data: bomb) }
    }
}
