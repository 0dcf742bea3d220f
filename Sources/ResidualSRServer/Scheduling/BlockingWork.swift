import Dispatch
import ResidualSR

/// Set when the task that started some blocking work is cancelled; the work polls it between steps.
public final class CancellationFlag: Sendable {
    private let state = Locked(false)
    public init() {}
    public var isCancelled: Bool { state.withLock { $0 } }
    func cancel() { state.withLock { $0 = true } }

    /// Throws `RSRError(.cancelled)` once cancelled: call it at natural checkpoints (tiles, rows).
    public func check() throws {
        if isCancelled { throw RSRError(.cancelled, "cancelled") }
    }
}

/// Runs CPU-bound synchronous `work` on a Dispatch thread instead of the cooperative pool, so that a
/// few long upscales cannot starve request handling (health checks, queue answers) of threads.
/// Cancelling the calling task sets the flag `work` receives; `work` decides when to stop.
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
