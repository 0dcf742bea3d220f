/// A one-way gate: `wait()` suspends until `open()`, or throws `CancellationError` when its task is
/// cancelled (as real work does), so a test decides when work ends instead of sleeping for it.
actor AsyncGate {
    private var isOpen = false
    private var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    private var nextID = 0

    func wait() async throws {
        if isOpen { return }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Cancelled before this ran: onCancel found nothing to resume.
                if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { waiters[id] = continuation }
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    func open() {
        isOpen = true
        for waiter in waiters.values { waiter.resume() }
        waiters = [:]
    }

    private func cancel(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }
}
