import Foundation

/// A dedicated thread per pipeline stage (not a GCD worker: the stages block on their queues, and the
/// tile workers below them use GCD's pool).
final class StageThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [done] in
            body()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    func join() { done.wait() }
}
