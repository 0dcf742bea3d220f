import Dispatch
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch

/// Runs CPU-bound synchronous `work` on a Dispatch thread instead of the cooperative pool, so that a
/// few long upscales cannot starve request handling (health checks, queue answers) of threads.
/// Cancelling the calling task sets the flag `work` receives (the library's `CancellationFlag`, which the
/// upscale pipeline polls between tiles).
public func runBlocking<Result: Sendable>(
    _ work: @escaping @Sendable (CancellationFlag) throws -> Result
) async throws -> Result {
    let flag = CancellationFlag()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Swift.Result { try work(flag) })
            }
        }
    } onCancel: {
        flag.cancel()
    }
}
