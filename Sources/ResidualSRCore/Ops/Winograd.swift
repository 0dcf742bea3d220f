import CKernels

/// Winograd F(4x4, 3x3) convolution, stride 1, zero padding 1, over a whole batch (see CKernels.h):
/// output = conv(input) with transformed `weights` + bias (+ residual) (then ReLU).
enum Winograd {
    /// Tiles per block: 48 for the AVX-512 kernels (V and M of a 32-channel block are 2 x 221 KB, in the
    /// 1-2 MB L2 of the Xeons), 24 for AVX2 (the 4x24 GEMM's width): on Zen 3 (512 KB L2) 24 ran a
    /// 32->32 conv at 512x512 ~8% faster than 48 and its weight gradient ~10%.
    static func blockTiles(_ path: ConvolutionPath) -> Int { path == .winogradAVX512 ? 48 : 24 }

    /// input [N, Cin, H, W] -> output [N, Cout, H, W]; `bias` [Cout] or nil; `residual` may be `output`;
    /// outputs where `mask` (of the output's shape) is <= 0 are zeroed after the residual add.
    static func forward(
        _ input: Tensor, into output: Tensor, weights: WinogradWeights, bias: UnsafePointer<Float>?,
        residual: Tensor?, mask: Tensor? = nil, relu: Bool, path: ConvolutionPath
    ) {
        precondition(path.isWinograd && input.batch == output.batch)
        precondition(input.height == output.height && input.width == output.width)
        precondition(residual.map { $0.shape == output.shape } ?? true)
        precondition(mask.map { $0.shape == output.shape } ?? true)
        var conv = rsr_winograd_conv(
            input: input.data, output: output.data, residual: residual.map { UnsafePointer($0.data) },
            mask: mask.map { UnsafePointer($0.data) }, weights: weights.data, bias: bias, batch: Int32(input.batch), inChannels: Int32(input.channels),
            outChannels: Int32(output.channels), height: Int32(input.height), width: Int32(input.width),
            relu: relu ? 1 : 0, isa: Int32(path == .winogradAVX512 ? RSR_ISA_AVX512 : RSR_ISA_AVX2),
            blockTiles: Int32(blockTiles(path)))
        let blocks = rsr_winograd_block_count(&conv)
        guard blocks > 0 else { return }
        let scratchCount = rsr_winograd_scratch_count(&conv)
        // A few jobs per thread so that a slow thread (a shared machine) does not hold the others up.
        let jobs = splitRange(blocks, parts: Parallelism.threads * 4)
        let scratch = ScratchPool.shared
        withUnsafePointer(to: &conv) { conv in
            parallelFor(jobs.count) { job in
                let buffer = scratch.take(scratchCount)
                defer { scratch.give(buffer, scratchCount) }
                rsr_winograd_run(conv, jobs[job].lowerBound, jobs[job].count, buffer)
            }
        }
    }
}

extension Winograd {
    /// weightGrad [Cout, Cin, 3, 3] += d(loss)/d(weight) of the 3x3 "same" conv from `input` [N, Cin, H, W]
    /// and `outputGrad` [N, Cout, H, W], through the Winograd domain (see CKernels.h).
    static func weightGradient(
        input: Tensor, outputGrad: Tensor, into weightGrad: UnsafeMutablePointer<Float>, path: ConvolutionPath
    ) {
        precondition(path.isWinograd && input.batch == outputGrad.batch)
        precondition(input.height == outputGrad.height && input.width == outputGrad.width)
        var gradient = rsr_winograd_wgrad(
            input: input.data, outputGrad: outputGrad.data, batch: Int32(input.batch),
            inChannels: Int32(input.channels), outChannels: Int32(outputGrad.channels), height: Int32(input.height),
            width: Int32(input.width), isa: Int32(path == .winogradAVX512 ? RSR_ISA_AVX512 : RSR_ISA_AVX2),
            // As in the forward: a weight-gradient block's V, transposed V and dM (3 x 221 KB at 32 channels with 48
            // tiles) stay in L2.
            blockTiles: Int32(blockTiles(path)))
        let blocks = rsr_winograd_wgrad_block_count(&gradient)
        guard blocks > 0 else { return }
        let scratchCount = rsr_winograd_wgrad_scratch_count(&gradient)
        let accumulatorCount = rsr_winograd_wgrad_accumulator_count(gradient.outChannels, gradient.inChannels)
        // One contiguous range of blocks per thread, so that each thread sums into one accumulator.
        let jobs = splitRange(blocks, parts: Parallelism.threads)
        let scratch = ScratchPool.shared
        let accumulators = scratch.take(accumulatorCount * jobs.count)
        accumulators.update(repeating: 0, count: accumulatorCount * jobs.count)
        defer { scratch.give(accumulators, accumulatorCount * jobs.count) }
        withUnsafePointer(to: &gradient) { gradient in
            parallelFor(jobs.count) { job in
                let buffer = scratch.take(scratchCount)
                defer { scratch.give(buffer, scratchCount) }
                rsr_winograd_wgrad_run(gradient, jobs[job].lowerBound, jobs[job].count, buffer,
                                       accumulators + job * accumulatorCount)
            }
        }
        for job in 1..<max(1, jobs.count) {
            let partial = accumulators + job * accumulatorCount
            for i in 0..<accumulatorCount { accumulators[i] += partial[i] }
        }
        rsr_winograd_wgrad_finish(accumulators, gradient.outChannels, gradient.inChannels, weightGrad)
    }
}
