import Dispatch
import Foundation

/// How many threads the numeric kernels spread over. Set once at start-up (`--threads`).
public enum Parallelism {
    nonisolated(unsafe) public static var threads: Int = ProcessInfo.processInfo.activeProcessorCount
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
