import Foundation

/// Reusable scratch buffers (im2col columns, ...). Large buffers from malloc are fresh mmaps whose
/// page faults cost more than the GEMM that uses them, so they are recycled instead.
final class ScratchPool: @unchecked Sendable {
    static let shared = ScratchPool()

    private let lock = NSLock()
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var cachedBytes = 0
    private let maxCachedBytes = 256 << 20

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        lock.lock()
        if let pointer = free[count]?.popLast() {
            cachedBytes -= count * 4
            lock.unlock()
            return pointer
        }
        lock.unlock()
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        // Fresh and untouched: 2 MB pages fault in 512x fewer times (and cover the strided channel planes
        // of a convolution with fewer TLB entries).
        HugePages.advise(raw, byteCount: max(count, 1) * 4)
        return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    func give(_ pointer: UnsafeMutablePointer<Float>, _ count: Int) {
        lock.lock()
        defer { lock.unlock() }
        if cachedBytes + count * 4 > maxCachedBytes {
            pointer.deallocate()
            return
        }
        free[count, default: []].append(pointer)
        cachedBytes += count * 4
    }
}
