import Testing
import ResidualSRCore
@testable import ResidualSRServer

@Suite struct WorkLimiterTests {
    @Test func rejectsWhenSlotsAndQueueAreFull() async throws {
        let limiter = WorkLimiter(concurrency: 1, queueLength: 1)
        let gate = AsyncGate()
        let running = Task { try await limiter.withSlot { try await gate.wait() } }
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
        let running = Task { try await limiter.withSlot { try await gate.wait() } }
        try await waitUntil { await limiter.snapshot.running == 1 }
        let waiter = Task { try await limiter.withSlot { Issue.record("a cancelled waiter must not run") } }
        try await waitUntil { await limiter.snapshot.queued == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.snapshot.queued == 0)
        await gate.open()
        try await running.value
    }

    @Test func deadlineAbandonsSlowWork() async throws {
        let cancelled = Locked(false)
        let never = AsyncGate()
        await #expect {
            try await withDeadline(.milliseconds(100)) {
                do { try await never.wait() } catch { cancelled.withLock { $0 = true }; throw error }
            }
        } throws: { error in
            (error as? APIError)?.status == .gatewayTimeout
        }
        // The abandoned work is told to stop, not left running.
        try await waitUntil { cancelled.withLock { $0 } }
        #expect(try await withDeadline(.seconds(60)) { 42 } == 42)
    }
}

/// Polls `condition` every 10 ms for up to 5 s.
func waitUntil(_ condition: @Sendable () async throws -> Bool) async throws {
    // A hang guard, not a timing check: generous, so that a loaded machine does not fail the test.
    for _ in 0..<6000 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 60 s")
}
