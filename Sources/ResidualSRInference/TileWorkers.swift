import Foundation
import ResidualSRCore
import ResidualSRImage

/// Runs the tiles of a band on up to `threads` threads. The first error wins; the other workers
/// stop at their next tile, as they do when `cancellation` is set.
enum TileWorkers {
    static func run(count: Int, threads: Int, cancellation: CancellationFlag?,
                    _ body: @Sendable (Int) throws -> Void) throws {
        try cancellation?.check()
        // One worker runs on the calling thread: a band of a small image upscaled beside others
        // (one lane each) must not wait for a GCD pool thread.
        if min(threads, count) <= 1 {
            for index in 0..<count {
                try cancellation?.check()
                try body(index)
            }
            return
        }
        let next = TileCounter()
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while !failure.isSet, let index = next.take(below: count) {
                do {
                    try cancellation?.check()
                    try body(index)
                } catch {
                    failure.record(error)
                }
            }
        }
        if let error = failure.error { throw error }
    }
}

/// Memory several tile workers fill at disjoint places (each tile owns its columns of the band).
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Element>
}

final class TileCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// The first error any worker hit.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?

    var error: Error? { lock.withLock { stored } }
    var isSet: Bool { error != nil }

    func record(_ error: Error) {
        lock.withLock { if stored == nil { stored = error } }
    }
}
