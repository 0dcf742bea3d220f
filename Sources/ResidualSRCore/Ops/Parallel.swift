import Dispatch
import Foundation

/// How many threads the numeric kernels spread over: `--threads` for the process, or less for the
/// calling thread inside `withThreads` (small images upscaled side by side, one core each).
public enum Parallelism {
    nonisolated(unsafe) private static var processThreads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// The calling thread's cap, stored as the pointer's bit pattern (0: none); pthread-specific
    /// because the batch stages are plain threads, not tasks.
    private static let threadCap: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// Setting it sets the process-wide count (start-up); reading it honours the calling thread's cap.
    public static var threads: Int {
        get {
            let cap = Int(bitPattern: pthread_getspecific(threadCap))
            return cap > 0 ? min(cap, processThreads) : processThreads
        }
        set { processThreads = max(1, newValue) }
    }

    /// Runs `body` with the kernels it calls on this thread limited to `threads`.
    public static func withThreads<T>(_ threads: Int, _ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(threadCap)
        pthread_setspecific(threadCap, UnsafeRawPointer(bitPattern: max(1, threads)))
        defer { pthread_setspecific(threadCap, previous) }
        return try body()
    }
}

/// Runs `body(i)` for i in 0..<count on up to `Parallelism.threads` threads; inline when 1.
@inline(__always)
public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    if count <= 1 || Parallelism.threads <= 1 {
        for i in 0..<count { body(i) }
    } else {
        // The kernels hand disjoint slices of raw buffers to each iteration; that is the data-race
        // freedom Sendable would prove, so the closure is passed on as Sendable.
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(
                iterations: count, execute: unsafeBitCast(body, to: (@Sendable (Int) -> Void).self))
        }
    }
}

/// Splits 0..<total into `parts` contiguous ranges of near-equal size.
func splitRange(_ total: Int, parts: Int) -> [Range<Int>] {
    let parts = max(1, min(parts, total))
    return (0..<parts).map { p in (total * p / parts)..<(total * (p + 1) / parts) }
}
