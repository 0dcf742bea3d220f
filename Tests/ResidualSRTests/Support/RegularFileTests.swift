import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch

/// A FIFO (or device, or folder) named as an input is refused at once instead of blocking forever.
@Suite struct RegularFileTests {
    /// Runs `read` on a FIFO nobody writes to; if it is still blocked after 10 s, a writer is opened
    /// to release it and the test fails, so a regression cannot hang the suite.
    private func refusesFIFO(_ read: @escaping @Sendable (String) throws -> Void) throws -> RSRError? {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.file("pipe.png")
        try #require(mkfifo(fifo, 0o600) == 0)
        let outcome = Locked<RSRError?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do { try read(fifo) } catch let error as RSRError { outcome.withLock { $0 = error } } catch {}
            done.signal()
        }
        if done.wait(timeout: .now() + 10) == .timedOut {
            let writer = open(fifo, O_WRONLY)
            close(writer)
            done.wait()
            Issue.record("reading a FIFO blocked")
        }
        return outcome.withLock { $0 }
    }

    @Test func imageDecodeRefusesAFIFO() throws {
        let error = try #require(try refusesFIFO { _ = try Image.decode(file: $0) })
        #expect(error.description.contains("not a regular file (a FIFO)"), "\(error)")
        #expect(error.path?.hasSuffix("pipe.png") == true)
    }

    @Test func modelLoadRefusesAFIFO() throws {
        let error = try #require(try refusesFIFO { _ = try SafeTensors.read(file: $0) })
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

/// A value behind a lock, for results handed back from another thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { lock.withLock { body(&value) } }
}
