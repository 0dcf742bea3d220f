import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

@Suite struct ImageWriterTests {
    static func contents(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    static func leftovers(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".rsr-") }
    }

    @Test(arguments: [(Image.Format.png, 8), (.png, 16), (.jpeg, 8)])
    func rowsInStripsEqualWholeImageEncode(format: Image.Format, bitDepth: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var image = bitDepth == 16 ? TestImages.pattern16(width: 17, height: 11, channels: 3)
                                   : TestImages.pattern8(width: 17, height: 11, channels: 3)
        image.iccProfile = TestICC.profile(description: "Strips")
        let path = folder.file("out." + format.fileExtension)
        let writer = try ImageWriter(path: path, format: format, width: 17, height: 11, channels: 3,
                                        bitDepth: bitDepth, iccProfile: image.iccProfile)
        let rowSamples = 17 * 3
        for rows in [0..<4, 4..<5, 5..<11] {
            switch image.samples {
            case .eight(let values): try writer.append(rows: Array(values[(rows.lowerBound * rowSamples)..<(rows.upperBound * rowSamples)]))
            case .sixteen(let values): try writer.append(rows: Array(values[(rows.lowerBound * rowSamples)..<(rows.upperBound * rowSamples)]))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: path)) // only the temporary file exists until finish
        try writer.finish()
        #expect(Self.contents(path) == (try image.encode(format: format)))
        #expect(try Self.leftovers(in: folder.path).isEmpty)
    }

    @Test func floatStripsEqualQuantizedImage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let image = TestImages.pattern8(width: 9, height: 6, channels: 4)
        let float = image.floatImage()
        let writer = try ImageWriter(path: folder.file("f.png"), format: .png, width: 9, height: 6, channels: 4)
        for rows in [0..<2, 2..<6] {
            let strip = FloatImage.stacking((0..<4).map { channel in
                FloatImage(width: 9, height: rows.count, channels: 1,
                           pixels: rows.flatMap { y in (0..<9).map { x in float[channel, y, x] } })
            })
            try writer.append(strip)
        }
        try writer.finish()
        #expect(try Image.decode(file: folder.file("f.png")).samples == image.samples)
    }

    @Test func jpegWriterDropsAlphaAndReducesSixteenBits() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let image = TestImages.pattern16(width: 8, height: 8, channels: 4)
        try image.write(to: folder.file("a.jpg"), format: .jpeg)
        let decoded = try Image.decode(file: folder.file("a.jpg"))
        #expect(decoded.channels == 3 && decoded.bitDepth == 8)
    }

    @Test func cancelAndUnfinishedWritersLeaveNothingBehind() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = folder.file("keep.png")
        let original: [UInt8] = Array("existing file".utf8)
        FileManager.default.createFile(atPath: target, contents: Data(original))

        let cancelled = try ImageWriter(path: target, format: .png, width: 4, height: 4, channels: 1)
        try cancelled.append(rows: [UInt8](repeating: 7, count: 8))
        cancelled.cancel()
        #expect(throws: RSRError.self) { try cancelled.finish() }

        do {
            let abandoned = try ImageWriter(path: target, format: .jpeg, width: 4, height: 4, channels: 3)
            try abandoned.append(rows: [UInt8](repeating: 7, count: 12))
        } // deinit without finish

        let short = try ImageWriter(path: target, format: .png, width: 4, height: 4, channels: 1)
        try short.append(rows: [UInt8](repeating: 7, count: 8))
        let error = #expect(throws: RSRError.self) { try short.finish() }
        #expect(error?.reason.contains("only 2 of 4 rows") == true && error?.path == target)

        #expect(Self.contents(target) == original)
        #expect(try Self.leftovers(in: folder.path).isEmpty)
    }

    @Test func tooManyRowsIsRefusedAndWriterStaysUsable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let writer = try ImageWriter(path: folder.file("r.png"), format: .png, width: 2, height: 2, channels: 1)
        #expect(throws: RSRError.self) { try writer.append(rows: [UInt8](repeating: 1, count: 6)) }
        #expect(throws: RSRError.self) { try writer.append(rows: [UInt8](repeating: 1, count: 3)) } // not whole rows
        try writer.append(rows: [UInt8]([1, 2, 3, 4]))
        try writer.finish()
        #expect(try Image.decode(file: folder.file("r.png")).samples == .eight([1, 2, 3, 4]))
    }

    @Test func failedWriteLeavesExistingFileUntouched() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = folder.file("keep.jpg")
        let original: [UInt8] = Array("precious".utf8)
        FileManager.default.createFile(atPath: target, contents: Data(original))
        // JPEG cannot hold 70000 pixels across: the encoder fails.
        let wide = Image(width: 70_000, height: 1, channels: 1, samples: .eight([UInt8](repeating: 0, count: 70_000)))
        let error = #expect(throws: RSRError.self) { try wide.write(to: target, format: .jpeg) }
        #expect(error?.path == target)
        #expect(throws: RSRError.self) {
            _ = try ImageWriter(path: target, format: .jpeg, width: 70_000, height: 1, channels: 1)
        }
        #expect(Self.contents(target) == original)
        #expect(try Self.leftovers(in: folder.path).isEmpty)
    }

    @Test func successfulWriteReplacesFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = folder.file("new.png")
        FileManager.default.createFile(atPath: target, contents: Data([1, 2, 3]))
        let image = TestImages.pattern8(width: 5, height: 5, channels: 3)
        try image.write(to: target, format: .png)
        #expect(try Image.decode(file: target).samples == image.samples)
        #expect(throws: RSRError.self) { try image.write(to: folder.file("missing/x.png"), format: .png) }
    }
}
