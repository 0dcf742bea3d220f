// ThreadSanitizer and a result handed over by a continuation: is it a race or an edge TSan misses?
// Standalone (not part of the package). Each mode produces a [UInt8] on another thread, hands it to the
// awaiting task and reads it there after the `await`, 300 times:
//   A  withTaskCancellationHandler + withCheckedThrowingContinuation + DispatchQueue.async,
//      resume(with:) carrying the array (the shape `runBlocking` had)
//   B  withUnsafeThrowingContinuation + DispatchQueue.async, resume(with:) carrying the array
//   C  the array through a lock (Mutex); the continuation only wakes the caller (what `runBlocking` does now)
//   D  withCheckedThrowingContinuation + a plain Thread, resume(with:) carrying the array
//   race  a real unsynchronised write/read, to show TSan reports in this setup
// Run (docs/security.md, "Sanitizers"):
//   swiftc -O -sanitize=thread -g continuation-handoff.swift -o handoff-O      (and -Onone)
//   for m in race A B C D; do TSAN_OPTIONS=halt_on_error=0 ./handoff-O $m 300; done
import Dispatch
import Foundation
import Synchronization

@inline(never) func produce(_ n: Int) -> [UInt8] {
    var a = [UInt8](repeating: 0, count: n)
    a.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = UInt8(truncatingIfNeeded: i &* 7) } }
    return a
}
@inline(never) func consume(_ a: [UInt8]) -> Int { a.reduce(0) { $0 &+ Int($1) } }

final class Flag: Sendable { let v = Atomic<Bool>(false); func cancel() { v.store(true, ordering: .relaxed) } }

// A: our runBlocking shape.
func runChecked<R: Sendable>(_ work: @escaping @Sendable () throws -> R) async throws -> R {
    let flag = Flag()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { c in
            DispatchQueue.global(qos: .userInitiated).async { c.resume(with: Result { try work() }) }
        }
    } onCancel: { flag.cancel() }
}
// B: unsafe continuation, no cancellation handler.
func runUnsafe<R: Sendable>(_ work: @escaping @Sendable () throws -> R) async throws -> R {
    try await withUnsafeThrowingContinuation { c in
        DispatchQueue.global().async { c.resume(with: Result { try work() }) }
    }
}
// C: result handed through a Mutex-protected box; the continuation only signals.
final class Box<R: Sendable>: Sendable {
    let m = Mutex<Result<R, any Error>?>(nil)
}
func runBoxed<R: Sendable>(_ work: @escaping @Sendable () throws -> R) async throws -> R {
    let box = Box<R>()
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
        DispatchQueue.global().async {
            let r = Result { try work() }
            box.m.withLock { $0 = r }
            c.resume()
        }
    }
    return try box.m.withLock { $0! }.get()
}
// D: a plain Thread instead of Dispatch, checked continuation.
func runThread<R: Sendable>(_ work: @escaping @Sendable () throws -> R) async throws -> R {
    try await withCheckedThrowingContinuation { c in
        Thread { c.resume(with: Result { try work() }) }.start()
    }
}
// Control: a real race (no synchronisation at all) so we know TSan reports in this setup.
final class Unsafe: @unchecked Sendable { var x = 0 }

let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "A"
let iterations = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2])! : 200
let n = 4096
let done = DispatchSemaphore(value: 0)
Task.detached {
    var total = 0
    for i in 0..<iterations {
        let a: [UInt8]
        switch mode {
        case "A": a = try await runChecked { produce(n + i) }
        case "B": a = try await runUnsafe { produce(n + i) }
        case "C": a = try await runBoxed { produce(n + i) }
        case "D": a = try await runThread { produce(n + i) }
        case "race":
            let u = Unsafe()
            DispatchQueue.global().async { u.x = i }
            total &+= u.x
            try await Task.sleep(nanoseconds: 1000)
            continue
        default: fatalError("mode")
        }
        total &+= consume(a)
    }
    print("mode \(mode): \(iterations) iterations, checksum \(total)")
    done.signal()
}
done.wait()
