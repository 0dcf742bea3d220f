import ResidualSRCore

/// Runs `work` in its own task and returns its result, or throws a 504 `APIError` once `timeout` has
/// passed. On timeout the work is cancelled and abandoned rather than awaited: the client gets its
/// answer at the deadline even if the engine only notices cancellation at its next checkpoint (until
/// then it keeps its concurrency slot, so the limit on running work still holds).
func withDeadline<Result: Sendable>(
    _ timeout: Duration, _ work: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let workTask = Task { try await work() }
    let outcome = Locked<CheckedContinuation<Result, any Error>?>(nil)
    let finish: @Sendable (Swift.Result<Result, any Error>) -> Void = { result in
        outcome.withLock { continuation in
            continuation?.resume(with: result)
            continuation = nil
        }
    }
    let timer = Locked<Task<Void, Never>?>(nil)
    defer { timer.withLock { $0?.cancel() } }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            outcome.withLock { $0 = continuation }
            Task { finish(await workTask.result) }
            timer.withLock {
                $0 = Task {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    workTask.cancel()
                    finish(.failure(APIError(.gatewayTimeout, code: "timeout",
                                             "the request took longer than its \(timeout.secondsDescription) limit")))
                }
            }
        }
    } onCancel: {
        workTask.cancel()
    }
}

extension Duration {
    /// Whole and fractional seconds, for messages and headers.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// "60 s", "0.25 s".
    var secondsDescription: String {
        let value = seconds
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
