import Foundation
import ResidualSRCore

/// Runs a read on a FIFO nobody writes to, for the tests that a FIFO named as an input is refused at
/// once. If the read is still blocked after 10 s a writer is opened to release it and `Blocked` is
/// thrown, so a regression fails its test instead of hanging the suite.
public enum FIFOProbe {
    public struct Blocked: Error, CustomStringConvertible {
        public var description: String { "reading a FIFO blocked" }
    }

    /// The `RSRError` that `read` throws for a FIFO (nil if it throws none).
    public static func error(of read: @escaping @Sendable (String) throws -> Void) throws -> RSRError? {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let fifo = folder.file("pipe.png")
        guard mkfifo(fifo, 0o600) == 0 else { throw RSRError(.io, "mkfifo failed", path: fifo) }
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
            throw Blocked()
        }
        return outcome.withLock { $0 }
    }
}
