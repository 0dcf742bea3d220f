import Foundation
import Testing
import ResidualSRCore
@testable import ResidualSRServer

/// `runBlocking` hands what its Dispatch thread built back to the awaiting task. Under
/// ThreadSanitizer (`make test-sanitize`) these are the hand-offs it once reported: the result must
/// travel through something TSan sees (docs/security.md, "Sanitizers").
@Suite struct BlockingWorkTests {
    @Test func returnsWhatTheDispatchThreadBuilt() async throws {
        for round in 0..<32 {
            let count = 65_536 + round
            let bytes = try await runBlocking { _ in
                var bytes = [UInt8](repeating: 0, count: count)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    for index in buffer.indices { buffer[index] = UInt8(truncatingIfNeeded: index &* 31 &+ round) }
                }
                return bytes
            }
            #expect(bytes.count == count)
            #expect(bytes.indices.allSatisfy { bytes[$0] == UInt8(truncatingIfNeeded: $0 &* 31 &+ round) })
        }
    }

    @Test func rethrowsTheWorksError() async {
        await #expect(throws: RSRError(.cancelled, "stopped")) {
            try await runBlocking { _ -> Int in throw RSRError(.cancelled, "stopped") }
        }
    }

    /// Cancelling the awaiting task sets the flag the work polls.
    @Test func cancellingTheTaskSetsTheFlag() async throws {
        let started = AsyncGate()
        let task = Task {
            try await runBlocking { flag -> Int in
                Task { await started.open() }
                while !flag.isCancelled { sched_yield() }
                try flag.check()
                return 0
            }
        }
        try await started.wait()
        task.cancel()
        await #expect(throws: RSRError.self) { try await task.value }
    }
}
