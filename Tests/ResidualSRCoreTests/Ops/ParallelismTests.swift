import Foundation
import Testing
@testable import ResidualSRCore

@Suite struct ParallelismTests {
    @Test func withThreadsCapsOnlyTheCallingThreadAndRestores() {
        let process = Parallelism.threads
        Parallelism.withThreads(1) {
            #expect(Parallelism.threads == 1)
            Parallelism.withThreads(process + 5) { #expect(Parallelism.threads == process, "a cap never raises the count") }
            #expect(Parallelism.threads == 1)
            // Another thread keeps the process-wide count (a thread of its own: a `sync` onto a GCD
            // queue may run the block on this one).
            let other = OtherThread.read { Parallelism.threads }
            #expect(other == process)
        }
        #expect(Parallelism.threads == process)
    }

    @Test func capOfOneRunsInlineInOrder() {
        var order: [Int] = []
        Parallelism.withThreads(1) { parallelFor(5) { order.append($0) } }
        #expect(order == [0, 1, 2, 3, 4])
    }
}

private enum OtherThread {
    static func read(_ body: @escaping @Sendable () -> Int) -> Int {
        final class Box: @unchecked Sendable { var value = 0 }
        let box = Box(), done = DispatchSemaphore(value: 0)
        Thread { box.value = body(); done.signal() }.start()
        done.wait()
        return box.value
    }
}
