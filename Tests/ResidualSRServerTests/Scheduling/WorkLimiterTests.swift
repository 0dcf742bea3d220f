import Testing
@testable import ResidualSRServer

@Suite struct WorkLimiterTests {
    @Test func rejectsWhenSlotsAndQueueAreFull() async throws {
        let limiter = WorkLimiter(concurrency: 1, queueLength: 1)
        let gate = AsyncGate()
        let running = Task { try await limiter.withSlot { await gate.wait() } }
        let queued = Task { try await limiter.withSlot {} }
        try await waitUntil { await limiter.snapshot == (running: 1, queued: 1) }
        await #expect {
            try await limiter.withSlot {}
        } throws: { error in
            (error as? APIError)?.code == "queue_full" && (error as? APIError)?.retryAfterSeconds != nil
        }
        // Jobs are bounded elsewhere and may still wait.
        let job = Task { try await limiter.withSlot(countsAgainstQueue: false) {} }
        try await waitUntil { await limiter.snapshot.queued == 2 }
        await gate.open()
        try await running.value
        try await queued.value
        try await job.value
        #expect(await limiter.snapshot == (running: 0, queued: 0))
    }

    @Test func cancelledWaiterLeavesTheQueue() async throws {
        let limiter = WorkLimiter(concurrency: 1, queueLength: 4)
        let gate = AsyncGate()
        let running = Task { try await limiter.withSlot { await gate.wait() } }
        try await waitUntil { await limiter.snapshot.running == 1 }
        let waiter = Task { try await limiter.withSlot { Issue.record("a cancelled waiter must not run") } }
        try await waitUntil { await limiter.snapshot.queued == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.snapshot.queued == 0)
        await gate.open()
        try await running.value
    }

    /// The work waits at a gate that opens only after the deadline answered: returning at all means
    /// the work was abandoned (no duration is asserted; under load the pool may be slow to wake).
    @Test(.timeLimit(.minutes(1))) func deadlineAbandonsSlowWork() async throws {
        let gate = AsyncGate()
        await #expect {
            try await withDeadline(.milliseconds(100)) { await gate.wait() }
        } throws: { error in
            (error as? APIError)?.status == .gatewayTimeout
        }
        await gate.open()
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
    }
}

/// A one-way gate: `wait()` suspends until `open()`.
actor AsyncGate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

/// Polls `condition` every 10 ms for up to 5 s.
func waitUntil(_ condition: @Sendable () async throws -> Bool) async throws {
    for _ in 0..<500 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 5 s")
}
