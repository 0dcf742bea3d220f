import Dispatch
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch

/// Runs CPU-bound synchronous `work` on a Dispatch thread instead of the cooperative pool, so that a
/// few long upscales cannot starve request handling (health checks, queue answers) of threads.
/// Cancelling the calling task sets the flag `work` receives (the library's `CancellationFlag`, which the
/// upscale pipeline polls between tiles).
///
/// The result comes back through a lock and the continuation only wakes the caller. Handing it over in
/// `resume(with:)` is just as correct, but ThreadSanitizer does not see that edge in an optimised build
/// and reports every later read of the result as a race (docs/security.md, "Sanitizers"); a lock it sees.
public func runBlocking<Result: Sendable>(
    _ work: @escaping @Sendable (CancellationFlag) throws -> Result
) async throws -> Result {
    let flag = CancellationFlag()
    let outcome = Locked<Swift.Result<Result, any Error>?>(nil)
    await withTaskCancellationHandler {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global(qos: .userInitiated).async {
                let result = Swift.Result { try work(flag) }
                outcome.withLock { $0 = result }
                continuation.resume()
            }
        }
    } onCancel: {
        flag.cancel()
    }
    guard let result = outcome.withLock({ $0 }) else { preconditionFailure("runBlocking resumed without a result") }
    return try result.get()
}
