import Foundation
import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

/// A FIFO (or device, or folder) named as an input is refused at once instead of blocking forever.
@Suite struct RegularFileTests {
    @Test func modelLoadRefusesAFIFO() throws {
        let error = try #require(try FIFOProbe.error { _ = try SafeTensors.read(file: $0) })
        #expect(error.description.contains("FIFO"), "\(error)")
    }

    @Test func foldersAndDevicesAreRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: RSRError.self) { try RegularFile.read(folder.path) }
        let error = try #require(throws: RSRError.self) { try RegularFile.read("/dev/zero") }
        #expect(error.description.contains("character device"))
    }

    @Test func regularFileIsReadWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file("a.bin")))
        #expect(try RegularFile.read(folder.file("a.bin")) == bytes)
    }
}
