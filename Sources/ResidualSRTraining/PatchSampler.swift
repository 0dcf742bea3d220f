import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// One training batch: LR patches and the residual targets aligned with them.
public struct Batch: @unchecked Sendable {
    public let step: Int
    public let low: Tensor      // [batch, 3, p, p]
    public let residual: Tensor // [batch, 3, p*s, p*s]

    public init(step: Int, low: Tensor, residual: Tensor) {
        (self.step, self.low, self.residual) = (step, low, residual)
    }
}

/// How a patch's source image is chosen.
public enum PatchSampling: String, Codable, Sendable, CaseIterable {
    /// Every image equally often (small T91 images are then seen about twice as densely as BSD200).
    case image
    /// In proportion to the number of patch positions, so every LR pixel is equally likely to be seen.
    case area
}

/// Draws random aligned patches with random flips/rotations. Batch k depends only on (seed, k).
public struct PatchSampler: Sendable {
    public let set: TrainingSet
    public let batchSize: Int
    public let patchSize: Int
    public let seed: UInt64
    public let sampling: PatchSampling
    /// Running totals of patch positions per pair (for `.area`).
    private let cumulativePositions: [UInt64]

    public init(set: TrainingSet, batchSize: Int, patchSize: Int, seed: UInt64, sampling: PatchSampling = .image) {
        self.set = set
        self.batchSize = batchSize
        self.patchSize = patchSize
        self.seed = seed
        self.sampling = sampling
        var total: UInt64 = 0
        cumulativePositions = set.pairs.map { pair in
            total += UInt64((pair.low.width - patchSize + 1) * (pair.low.height - patchSize + 1))
            return total
        }
    }

    private func pairIndex(_ random: inout SplitMix) -> Int {
        switch sampling {
        case .image:
            return Int(random.next() % UInt64(set.pairs.count))
        case .area:
            let position = random.next() % cumulativePositions.last!
            // First pair whose running total exceeds `position`.
            var low = 0, high = cumulativePositions.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulativePositions[middle] > position { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }

    public func batch(_ step: Int) -> Batch {
        var random = SplitMix(seed: seed, stream: UInt64(step))
        let s = set.scale, p = patchSize, hp = patchSize * s
        let low = Tensor(batch: batchSize, channels: 3, height: p, width: p, zeroed: false)
        let residual = Tensor(batch: batchSize, channels: 3, height: hp, width: hp, zeroed: false)
        for n in 0..<batchSize {
            let pair = set.pairs[pairIndex(&random)]
            let x = Int(random.next() % UInt64(pair.low.width - p + 1))
            let y = Int(random.next() % UInt64(pair.low.height - p + 1))
            let transform = Int(random.next() % 8)
            pair.low.pixels.withUnsafeBufferPointer { src in
                for c in 0..<3 {
                    Dihedral.apply(transform, src.baseAddress! + (c * pair.low.height + y) * pair.low.width + x,
                                   sourceStride: pair.low.width, low.image(n) + c * p * p, size: p)
                }
            }
            pair.residual.pixels.withUnsafeBufferPointer { src in
                for c in 0..<3 {
                    Dihedral.apply(transform, src.baseAddress! + (c * pair.residual.height + y * s) * pair.residual.width + x * s,
                                   sourceStride: pair.residual.width, residual.image(n) + c * hp * hp, size: hp)
                }
            }
        }
        return Batch(step: step, low: low, residual: residual)
    }
}

/// Makes batches on a background thread, a few steps ahead, so the GEMMs never wait for data.
public final class BatchPrefetcher: @unchecked Sendable {
    private let sampler: PatchSampler
    private let condition = NSCondition()
    private var ready: [Int: Batch] = [:]
    private var next: Int
    private var stopped = false
    private let depth: Int

    public init(_ sampler: PatchSampler, startStep: Int, depth: Int = 3) {
        self.sampler = sampler
        next = startStep
        self.depth = depth
        // The thread holds the prefetcher until `stop()`.
        let thread = Thread { self.produce() }
        thread.name = "rsr-batches"
        thread.start()
    }

    private func produce() {
        while true {
            condition.lock()
            while !stopped && ready.count >= depth { condition.wait() }
            if stopped { condition.unlock(); return }
            let step = next
            next += 1
            condition.unlock()
            let batch = sampler.batch(step)
            condition.lock()
            ready[step] = batch
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The batch for `step` (steps must be taken in order).
    public func take(_ step: Int) -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while ready[step] == nil { condition.wait() }
        let batch = ready.removeValue(forKey: step)!
        condition.broadcast()
        return batch
    }

    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
