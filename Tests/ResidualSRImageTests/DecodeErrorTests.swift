import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

/// Bad input must come back as a thrown `RSRError`, never a crash, hang or partial image.
@Suite struct DecodeErrorTests {
    @Test func emptyFile() {
        let error = #expect(throws: RSRError.self) { try Image.decode(data: [UInt8](), path: "empty.png") }
        #expect(error?.kind == .corrupt && error?.description == "empty.png: file is empty")
    }

    @Test func foreignFormat() {
        let gif = Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 20)
        let error = #expect(throws: RSRError.self) { try Image.decode(data: gif, path: "a.png") }
        #expect(error?.description == "a.png: not a PNG, JPEG, WebP, TIFF or AVIF file (starts with 47 49 46 38)")
        #expect(error?.kind == .unsupported)
    }

    @Test func missingFile() {
        let error = #expect(throws: RSRError.self) { try Image.decode(file: "/nonexistent/rsr/x.png") }
        #expect(error?.kind == .io && error?.path == "/nonexistent/rsr/x.png")
    }

    @Test func folderAndForeignFilesAreRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let folderError = #expect(throws: RSRError.self) { try Image.decode(file: folder.path) }
        #expect(folderError?.reason == "cannot read: not a regular file (a folder)")
        let text = folder.file("notes.png")
        FileManager.default.createFile(atPath: text, contents: Data(String(repeating: "text ", count: 1000).utf8))
        let textError = #expect(throws: RSRError.self) { try Image.decode(file: text) }
        #expect(textError?.description == "\(text): not a PNG, JPEG, WebP, TIFF or AVIF file (starts with 74 65 78 74)")
        let image = folder.file("real.jpg")
        try TestImages.pattern8(width: 4, height: 4, channels: 3).write(to: image, format: .jpeg)
        #expect(try Image.decode(file: image).width == 4)
    }

    @Test(arguments: Image.Format.allCases)
    func truncatedAtEveryCutPointThrows(format: Image.Format) throws {
        var image = TestImages.pattern8(width: 40, height: 24, channels: 3)
        image.iccProfile = TestICC.profile(description: "cut") // metadata at the end of a TIFF must be complete too
        let encoded = try image.encode(format: format, options: EncodeOptions(progressive: format == .jpeg))
        // Every byte of the headers, every 13th byte of the data, and the last few bytes (end marker).
        let cuts = Array(0..<64) + Array(stride(from: 64, to: encoded.count, by: 13)) + (1...4).map { encoded.count - $0 }
        for cut in cuts {
            let prefix = Array(encoded[0..<cut])
            #expect(throws: RSRError.self, "cut at \(cut) of \(encoded.count)") {
                try Image.decode(data: prefix, path: "cut.\(format.fileExtension)")
            }
        }
    }

    @Test func garbageAfterValidSignatureThrows() {
        var generator = SystemRandomNumberGenerator()
        let signatures: [[UInt8]] = [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], [0xFF, 0xD8, 0xFF],
                                     Array("RIFF".utf8) + [0, 1, 0, 0] + Array("WEBP".utf8), Array("II*\0".utf8),
                                     Array("MM\0*".utf8), [0, 0, 0, 0x1C] + Array("ftypavif".utf8)]
        for signature in signatures {
            for _ in 0..<20 {
                let garbage = signature + (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
                #expect(throws: RSRError.self) { try Image.decode(data: garbage) }
            }
        }
    }

    @Test func corruptedPNGDataThrows() throws {
        var encoded = try TestImages.pattern8(width: 20, height: 20, channels: 3).encode(format: .png)
        encoded[encoded.count / 2] ^= 0xFF // inside IDAT: the CRC no longer matches
        let error = #expect(throws: RSRError.self) { try Image.decode(data: encoded, path: "bad.png") }
        #expect(error?.kind == .corrupt && error?.reason.hasPrefix("invalid PNG: ") == true)
    }

    /// A PNG claiming 100000 x 100000 pixels (10 Gpx) must be refused from its header alone.
    @Test func decompressionBombIsRefusedBeforeAllocating() throws {
        let bomb = Self.pngHeaderOnly(width: 100_000, height: 100_000)
        let error = #expect(throws: RSRError.self) { try Image.decode(data: bomb, path: "bomb.png") }
        #expect(error?.kind == .tooLarge)
        #expect(error?.reason.contains("100000x100000") == true)
        #expect(throws: RSRError.self) { try Image.header(data: bomb) }
    }

    @Test func absurdDimensionsAreRefused() {
        let huge = Self.pngHeaderOnly(width: 0x7FFF_FFFF, height: 0x7FFF_FFFF)
        #expect(throws: RSRError.self) { try Image.decode(data: huge, limits: DecodeLimits(maxPixels: .max)) }
    }

    @Test(arguments: Image.Format.allCases)
    func pixelLimitIsConfigurable(format: Image.Format) throws {
        let encoded = try TestImages.pattern8(width: 20, height: 10, channels: 3).encode(format: format)
        let error = #expect(throws: RSRError.self) {
            try Image.decode(data: encoded, limits: DecodeLimits(maxPixels: 199))
        }
        #expect(error?.kind == .tooLarge)
        #expect(try Image.decode(data: encoded, limits: DecodeLimits(maxPixels: 200)).width == 20)
    }

    /// Signature, IHDR (8-bit RGB) with a valid CRC, a tiny IDAT and IEND.
    static func pngHeaderOnly(width: UInt32, height: UInt32) -> [UInt8] {
        func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
        }
        let ihdr = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr)
            + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
