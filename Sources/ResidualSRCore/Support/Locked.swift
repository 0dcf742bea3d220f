import Foundation

/// A value behind a lock, for small synchronous critical sections shared between tasks.
/// (`Synchronization.Mutex` needs macOS 15; the package still targets macOS 14.)
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
