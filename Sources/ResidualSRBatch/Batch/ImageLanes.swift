import Foundation
import ResidualSRCore

/// Small images upscaled side by side, one core each: at 128x128 the network splits its layers across
/// two threads at 1.77x of one (256x256: 1.87x), so two images at once, one thread each, go faster, and
/// one image's file work overlaps the other's network. A large image waits until every lane is idle
/// (`waitUntilIdle`) and then has all the cores to itself, so large images never coexist in memory.
final class ImageLanes: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [@Sendable () -> Void] = []
    private var busy = 0
    private var closed = false
    private let count: Int
    private var threads: [StageThread] = []

    init(count: Int) {
        self.count = max(1, count)
        threads = (0..<self.count).map { _ in StageThread { [self] in serve() } }
    }

    /// Runs `work` on the next free lane with the kernels limited to one thread; blocks while every
    /// lane is busy.
    func submit(_ work: @escaping @Sendable () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        while busy + waiting.count >= count { condition.wait() }
        waiting.append(work)
        condition.broadcast()
    }

    func waitUntilIdle() {
        condition.lock()
        defer { condition.unlock() }
        while busy > 0 || !waiting.isEmpty { condition.wait() }
    }

    /// Waits for the lanes' work and ends their threads.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        threads.forEach { $0.join() }
    }

    private func serve() {
        while let work = next() {
            Parallelism.withThreads(1) { work() }
            condition.lock()
            busy -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !closed { condition.wait() }
        guard !waiting.isEmpty else { return nil }
        busy += 1
        return waiting.removeFirst()
    }
}
