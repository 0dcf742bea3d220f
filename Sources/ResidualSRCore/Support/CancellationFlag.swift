import Foundation

/// Set once (by Ctrl-C, a failed sibling, or a closed client connection) and polled between tiles and
/// files; the work in flight then stops at the next check and throws `RSRError(.cancelled)`.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public var isCancelled: Bool { lock.withLock { cancelled } }

    public func cancel() { lock.withLock { cancelled = true } }

    public func check() throws {
        if isCancelled { throw RSRError(.cancelled, "cancelled") }
    }
}
