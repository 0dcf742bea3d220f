import CKernels

/// Winograd F(4x4, 3x3) convolution, stride 1, zero padding 1, over a whole batch (see CKernels.h):
/// output = conv(input) with transformed `weights` + bias (+ residual) (then ReLU).
enum Winograd {
    /// Tiles per block: V and M of a 32-channel block are 2 x 221 KB, in L2 on every x86 CPU in use.
    static let blockTiles = 48

    /// input [N, Cin, H, W] -> output [N, Cout, H, W]; `bias` [Cout] or nil; `residual` may be `output`.
    static func forward(
        _ input: Tensor, into output: Tensor, weights: WinogradWeights, bias: UnsafePointer<Float>?,
        residual: Tensor?, relu: Bool, path: ConvolutionPath
    ) {
        precondition(path.isWinograd && input.batch == output.batch)
        precondition(input.height == output.height && input.width == output.width)
        precondition(residual.map { $0.shape == output.shape } ?? true)
        var conv = rsr_winograd_conv(
            input: input.data, output: output.data, residual: residual.map { UnsafePointer($0.data) },
            weights: weights.data, bias: bias, batch: Int32(input.batch), inChannels: Int32(input.channels),
            outChannels: Int32(output.channels), height: Int32(input.height), width: Int32(input.width),
            relu: relu ? 1 : 0, isa: Int32(path == .winogradAVX512 ? RSR_ISA_AVX512 : RSR_ISA_AVX2),
            blockTiles: Int32(blockTiles))
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
