import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The temporary files of every `AtomicFile` not yet committed or discarded in this process, so that
/// a signal that must end the process at once (a second Ctrl-C, SIGTERM during a stop) can still
/// remove them first, and the stale-temporary sweep never takes a file this process is writing.
extension AtomicFile {
    static let live = LiveTemporaries()

    final class LiveTemporaries: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Set<String> = []
        func withLock<Result>(_ body: (inout Set<String>) -> Result) -> Result { lock.withLock { body(&paths) } }
    }

    public static func isLive(_ path: String) -> Bool { live.withLock { $0.contains(path) } }

    /// Unlinks every live temporary file; for the moment just before `_exit`.
    public static func removeLiveTemporaries() {
        for path in live.withLock({ $0 }) { unlink(path) }
    }
}
