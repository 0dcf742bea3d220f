import Foundation
import ResidualSRCore

/// Runs a read on a FIFO nobody writes to, for the tests that a FIFO named as an input is refused at
/// once. If the read is still blocked after 10 s a writer is opened to release it and the outcome is
/// `blocked`, so a regression fails its test instead of hanging the suite.
public enum FIFOProbe {
    public enum Outcome: Sendable {
        case returned(RSRError?)
        case blocked
    }

    public static func read(_ read: @escaping @Sendable (String) throws -> Void) throws -> Outcome {
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
            return .blocked
        }
        return .returned(outcome.withLock { $0 })
    }
}
