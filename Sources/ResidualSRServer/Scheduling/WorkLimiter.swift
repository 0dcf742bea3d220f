/// At most `concurrency` units of work at once, at most `queueLength` callers waiting behind them, served
/// first come first served. A caller that cannot even queue gets `APIError` 503 right away, which is
/// what keeps memory bounded under overload. A waiter whose task is cancelled (deadline, client gone,
/// shutdown) leaves the queue at once.
actor WorkLimiter {
    private struct Waiter {
        var id: UInt64
        var countsAgainstQueue: Bool
        var continuation: CheckedContinuation<Void, any Error>
    }

    let concurrency: Int
    let queueLength: Int
    private var running = 0
    private var waiters: [Waiter] = []
    private var boundedWaiting = 0
    private var nextID: UInt64 = 0
    private let onChange: @Sendable (_ running: Int, _ queued: Int) -> Void

    init(concurrency: Int, queueLength: Int, onChange: @escaping @Sendable (_ running: Int, _ queued: Int) -> Void = { _, _ in }) {
        self.concurrency = max(1, concurrency)
        self.queueLength = max(0, queueLength)
        self.onChange = onChange
    }

    /// Runs `work` holding one slot. `countsAgainstQueue: false` is for jobs, whose number is bounded
    /// where they are accepted, so they wait without taking the synchronous requests' queue places.
    func withSlot<Result: Sendable>(
        countsAgainstQueue: Bool = true, _ work: @Sendable () async throws -> Result
    ) async throws -> Result {
        try await acquire(countsAgainstQueue: countsAgainstQueue)
        defer { release() }
        return try await work()
    }

    var snapshot: (running: Int, queued: Int) { (running, waiters.count) }

    private func acquire(countsAgainstQueue: Bool) async throws {
        try Task.checkCancellation()
        if running < concurrency && waiters.isEmpty {
            running += 1
            report()
            return
        }
        if countsAgainstQueue && boundedWaiting >= queueLength {
            throw APIError(.serviceUnavailable, code: "queue_full",
                           "the server is busy (\(running) running, \(waiters.count) queued); retry later",
                           retryAfterSeconds: 2)
        }
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                waiters.append(Waiter(id: id, countsAgainstQueue: countsAgainstQueue, continuation: continuation))
                if countsAgainstQueue { boundedWaiting += 1 }
                report()
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func release() {
        if waiters.isEmpty {
            running -= 1
        } else {
            // The slot passes straight to the next waiter; `running` stays the same.
            let next = waiters.removeFirst()
            if next.countsAgainstQueue { boundedWaiting -= 1 }
            next.continuation.resume()
        }
        report()
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        if waiter.countsAgainstQueue { boundedWaiting -= 1 }
        waiter.continuation.resume(throwing: CancellationError())
        report()
    }

    private func report() { onChange(running, waiters.count) }
}
