import CKernels

/// 2-D convolution, stride 1, "same" zero padding, kernel 1 or 3, with bias; forward and backward.
/// Weights are OIHW, i.e. the GEMM's A matrix [outChannels, inChannels * k * k].
public final class Conv2D: @unchecked Sendable {
    public let inChannels: Int
    public let outChannels: Int
    public let kernel: Int
    public let weight: Parameter
    public let bias: Parameter
    /// Winograd transforms of the weights, made when they change (model load, optimiser step).
    private let winogradWeights = WinogradWeightCache()
    private let winogradAdjointWeights = WinogradWeightCache(adjoint: true)

    public init(inChannels: Int, outChannels: Int, kernel: Int = 3, name: String = "conv") {
        precondition(kernel == 1 || kernel == 3, "kernel must be 1 or 3")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        weight = Parameter(name: name + ".weight", shape: [outChannels, inChannels, kernel, kernel])
        bias = Parameter(name: name + ".bias", shape: [outChannels])
    }

    /// K of the GEMM: inputs per output sample.
    public var patchSize: Int { inChannels * kernel * kernel }
    public var parameters: [Parameter] { [weight, bias] }
    /// Multiply-adds per output pixel.
    public var macsPerPixel: Int { outChannels * patchSize }

    public func output(for input: Tensor) -> Tensor {
        Tensor(batch: input.batch, channels: outChannels, height: input.height, width: input.width, zeroed: false)
    }

    // MARK: Forward

    /// output = scale * (conv(input) + bias) (+ residual) (then ReLU if `relu`). `output` must not alias
    /// `input`; it may alias `residual`.
    public func forward(
        _ input: Tensor, into output: Tensor, residual: Tensor? = nil, scale: Float = 1, relu: Bool = false
    ) {
        let path = forwardPath
        switch path {
        case .gemm: forwardBLAS(input, into: output, residual: residual, scale: scale, relu: relu)
        case .im2col: forwardSIMD(input, into: output, residual: residual, scale: scale, relu: relu)
        case .winogradAVX2, .winogradAVX512:
            forwardWinograd(input, into: output, residual: residual, scale: scale, relu: relu, path: path)
        }
    }

    /// The path `forward` takes: Winograd for every 3x3 conv (it measured faster than im2col for all
    /// the network's shapes, see docs/performance.md) unless turned off by `RSR_CONV_ISA=im2col`.
    public var forwardPath: ConvolutionPath {
        if kernel == 1 { return .gemm }
        return ConvolutionDispatch.winograd ?? .im2col
    }

    /// The same as `forward` through Winograd F(4x4, 3x3) on the given instruction set.
    func forwardWinograd(
        _ input: Tensor, into output: Tensor, residual: Tensor?, scale: Float, relu: Bool, path: ConvolutionPath
    ) {
        precondition(kernel == 3 && input.channels == inChannels && output.channels == outChannels)
        let weights = winogradWeights.weights(weight, outChannels: outChannels, inChannels: inChannels, scale: scale)
        let scaledBias = bias.value.map { scale * $0 }
        scaledBias.withUnsafeBufferPointer { biasPointer in
            Winograd.forward(input, into: output, weights: weights, bias: biasPointer.baseAddress, residual: residual,
                             relu: relu, path: path)
        }
    }

    /// The same as `forward` through OpenBLAS: the reference the SIMD path is tested against.
    func forwardBLAS(
        _ input: Tensor, into output: Tensor, residual: Tensor? = nil, scale: Float = 1, relu: Bool = false
    ) {
        precondition(input.channels == inChannels && output.channels == outChannels)
        precondition(input.height == output.height && input.width == output.width && input.batch == output.batch)
        let (height, width) = (input.height, input.width)
        // Row bands small enough that a band's column matrix stays in L2, spread over the threads.
        let rowsPerBand = max(1, min(height, 16_384 / max(1, width)))
        let bandsPerImage = (height + rowsPerBand - 1) / rowsPerBand
        let jobs = input.batch * bandsPerImage
        let scratch = ScratchPool.shared
        parallelFor(jobs) { job in
            let n = job / bandsPerImage
            let band = job % bandsPerImage
            let rows = (band * rowsPerBand)..<min(height, (band + 1) * rowsPerBand)
            let pixels = rows.count * width
            let out = output.image(n) + rows.lowerBound * width
            let ldo = height * width
            // Seed the accumulator with bias (+ residual) so the GEMM runs with beta = 1.
            for o in 0..<outChannels {
                let row = out + o * ldo
                if let residual {
                    let skip = residual.image(n) + o * ldo + rows.lowerBound * width
                    if skip != row { row.update(from: skip, count: pixels) }
                    let b = scale * bias.value[o]
                    for i in 0..<pixels { row[i] += b }
                } else {
                    row.update(repeating: scale * bias.value[o], count: pixels)
                }
            }
            let source: UnsafePointer<Float>
            let ldb: Int
            var col: UnsafeMutablePointer<Float>? = nil
            if kernel == 1 {
                source = UnsafePointer(input.image(n) + rows.lowerBound * width)
                ldb = ldo
            } else {
                col = scratch.take(patchSize * pixels)
                im2col(input.image(n), channels: inChannels, height: height, width: width, kernel: kernel,
                       pixels: (rows.lowerBound * width)..<(rows.upperBound * width), col: col!, ldcol: pixels)
                source = UnsafePointer(col!)
                ldb = pixels
            }
            BLAS.sgemm(transA: false, transB: false, m: outChannels, n: pixels, k: patchSize,
                       alpha: scale, a: weight.value.baseAddress!, lda: patchSize, b: source, ldb: ldb,
                       beta: 1, c: out, ldc: ldo)
            if let col { scratch.give(col, patchSize * pixels) }
            if relu {
                for o in 0..<outChannels {
                    let row = out + o * ldo
                    for i in 0..<pixels { row[i] = max(row[i], 0) }
                }
            }
        }
    }

    /// im2col over bands of `bandPixels` output pixels, each multiplied by the SIMD kernel with the
    /// bias/scale/residual/ReLU epilogue fused, bands spread over the threads.
    func forwardSIMD(_ input: Tensor, into output: Tensor, residual: Tensor?, scale: Float, relu: Bool) {
        precondition(input.channels == inChannels && output.channels == outChannels)
        precondition(input.height == output.height && input.width == output.width && input.batch == output.batch)
        let planeSize = input.height * input.width
        // 240 = 10 tiles of 24; its row stride (15 cache lines, odd) spreads B's rows over all L1 sets.
        let bandPixels = 240
        let bandsPerImage = (planeSize + bandPixels - 1) / bandPixels
        let k = patchSize
        let packed = GEMMKernel.packA(weight.value.baseAddress!, m: outChannels, k: k, scale: scale)
        defer { packed.deallocate() }
        let scaledBias = bias.value.map { scale * $0 }
        let scratch = ScratchPool.shared
        scaledBias.withUnsafeBufferPointer { biasPointer in
            parallelFor(input.batch * bandsPerImage) { job in
                let n = job / bandsPerImage
                let start = (job % bandsPerImage) * bandPixels
                let pixels = start..<min(planeSize, start + bandPixels)
                let col = scratch.take(k * bandPixels)
                defer { scratch.give(col, k * bandPixels) }
                im2col(input.image(n), channels: inChannels, height: input.height, width: input.width, kernel: kernel,
                       pixels: pixels, col: col, ldcol: bandPixels)
                if pixels.count < bandPixels {
                    // The kernel reads whole 24-pixel tiles; keep the unused columns finite.
                    for row in 0..<k { (col + row * bandPixels + pixels.count).update(repeating: 0, count: bandPixels - pixels.count) }
                }
                let epilogue = GEMMKernel.Epilogue(
                    bias: biasPointer.baseAddress!, residual: residual.map { UnsafePointer($0.image(n) + start) },
                    residualStride: planeSize, relu: relu)
                GEMMKernel.multiply(packedA: packed, m: outChannels, k: k, b: col, ldb: bandPixels, n: pixels.count,
                                    out: output.image(n) + start, ldc: planeSize, epilogue: epilogue)
            }
        }
    }

    // MARK: Backward

    /// Accumulates weight and bias gradients from `outputGrad`; if `inputGrad` is given, ADDS the
    /// gradient with respect to the input into it.
    public func backward(input: Tensor, outputGrad: Tensor, inputGrad: Tensor?) {
        backward(input: input, outputGrad: outputGrad, inputGrad: inputGrad,
                 winograd: kernel == 3 ? ConvolutionDispatch.winograd : nil)
    }

    /// `backward` with the input gradient through Winograd on `winograd` (nil: im2col + col2im), and the
    /// weight gradient in the Winograd domain too unless `RSR_WEIGHT_GRADIENT=im2col`.
    func backward(input: Tensor, outputGrad: Tensor, inputGrad: Tensor?, winograd: ConvolutionPath?) {
        guard let winograd, kernel == 3, ConvolutionDispatch.winogradWeightGradient else {
            backwardIm2col(input: input, outputGrad: outputGrad, inputGrad: inputGrad, winograd: winograd)
            return
        }
        accumulateBiasGradient(outputGrad)
        Winograd.weightGradient(input: input, outputGrad: outputGrad, into: weight.grad.baseAddress!, path: winograd)
        if let inputGrad { addInputGradientWinograd(outputGrad, into: inputGrad, path: winograd) }
    }

    /// Like `backward`, but for a conv whose input is a ReLU's output: WRITES into `reluInputGrad` the
    /// gradient at the ReLU's input (`input` > 0 ? d(input) : 0), the mask fused into the Winograd epilogue.
    public func backwardThroughReLU(input: Tensor, outputGrad: Tensor, into reluInputGrad: Tensor) {
        backwardThroughReLU(input: input, outputGrad: outputGrad, into: reluInputGrad,
                            winograd: kernel == 3 ? ConvolutionDispatch.winograd : nil)
    }

    /// `backwardThroughReLU` on `winograd` (nil: im2col, then the mask as a separate pass).
    func backwardThroughReLU(input: Tensor, outputGrad: Tensor, into reluInputGrad: Tensor, winograd: ConvolutionPath?) {
        guard kernel == 3, let winograd else {
            reluInputGrad.zero()
            backward(input: input, outputGrad: outputGrad, inputGrad: reluInputGrad, winograd: nil)
            ReLU.backward(output: input.data, outputGrad: reluInputGrad.data, inputGrad: reluInputGrad.data,
                          count: input.count)
            return
        }
        backward(input: input, outputGrad: outputGrad, inputGrad: nil, winograd: winograd)
        let weights = winogradAdjointWeights.weights(weight, outChannels: outChannels, inChannels: inChannels, scale: 1)
        Winograd.forward(outputGrad, into: reluInputGrad, weights: weights, bias: nil, residual: nil, mask: input,
                         relu: false, path: winograd)
    }

    /// bias.grad[o] += sum of outputGrad's channel o over the batch and the pixels.
    private func accumulateBiasGradient(_ outputGrad: Tensor) {
        let pixels = outputGrad.height * outputGrad.width
        for n in 0..<outputGrad.batch {
            let dy = outputGrad.image(n)
            for o in 0..<outChannels { bias.grad[o] += Self.sum(dy + o * pixels, count: pixels) }
        }
    }

    /// x[0..<count] summed in eight lanes (a scalar loop is not vectorised: float addition does not
    /// reassociate).
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += x[i]
            i += 1
        }
        return total
    }

    /// inputGrad += conv(outputGrad, W transposed and flipped), accumulated in the epilogue's residual add.
    private func addInputGradientWinograd(_ outputGrad: Tensor, into inputGrad: Tensor, path: ConvolutionPath) {
        let weights = winogradAdjointWeights.weights(weight, outChannels: outChannels, inChannels: inChannels, scale: 1)
        Winograd.forward(outputGrad, into: inputGrad, weights: weights, bias: nil, residual: inputGrad,
                         relu: false, path: path)
    }

    /// The weight gradient through im2col: OpenBLAS without Winograd (the reference), the own dY * col^T
    /// kernel with it (3x faster than OpenBLAS here).
    func backwardIm2col(input: Tensor, outputGrad: Tensor, inputGrad: Tensor?, winograd: ConvolutionPath?) {
        let (height, width) = (input.height, input.width)
        let pixels = height * width
        let k = patchSize
        let threads = min(Parallelism.threads, input.batch)
        let chunks = splitRange(input.batch, parts: threads)
        // Per-thread gradient accumulators, summed afterwards: no locks on the hot path.
        let stride = outChannels * k + outChannels
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: stride * chunks.count)
        partials.initialize(repeating: 0, count: stride * chunks.count)
        defer { partials.deallocate() }
        let scratch = ScratchPool.shared
        parallelFor(chunks.count) { t in
            let gradW = partials + t * stride, gradB = gradW + outChannels * k
            let col = kernel == 1 ? nil : scratch.take(k * pixels)
            for n in chunks[t] {
                let dy = outputGrad.image(n)
                for o in 0..<outChannels {
                    var sum: Float = 0
                    let row = dy + o * pixels
                    for i in 0..<pixels { sum += row[i] }
                    gradB[o] += sum
                }
                let source: UnsafePointer<Float>
                if let col {
                    im2col(input.image(n), channels: inChannels, height: height, width: width, kernel: kernel,
                           pixels: 0..<pixels, col: col, ldcol: pixels)
                    source = UnsafePointer(col)
                } else {
                    source = UnsafePointer(input.image(n))
                }
                // dW[O, K] += dY[O, N] * col[K, N]^T
                if let winograd {
                    rsr_gemm_abt(dy, pixels, source, pixels, gradW, k, Int32(outChannels), Int32(k), pixels,
                                 Int32(winograd == .winogradAVX512 ? RSR_ISA_AVX512 : RSR_ISA_AVX2))
                } else {
                    BLAS.sgemm(transA: false, transB: true, m: outChannels, n: k, k: pixels,
                               a: dy, lda: pixels, b: source, ldb: pixels, beta: 1, c: gradW, ldc: k)
                }
                guard let inputGrad, winograd == nil else { continue }
                if let col {
                    // dCol[K, N] = W[O, K]^T * dY[O, N], then scattered back onto the input.
                    BLAS.sgemm(transA: true, transB: false, m: k, n: pixels, k: outChannels,
                               a: weight.value.baseAddress!, lda: k, b: dy, ldb: pixels,
                               beta: 0, c: col, ldc: pixels)
                    col2imAdd(col, channels: inChannels, height: height, width: width, kernel: kernel,
                              into: inputGrad.image(n))
                } else {
                    BLAS.sgemm(transA: true, transB: false, m: k, n: pixels, k: outChannels,
                               a: weight.value.baseAddress!, lda: k, b: dy, ldb: pixels,
                               beta: 1, c: inputGrad.image(n), ldc: pixels)
                }
            }
            if let col { scratch.give(col, k * pixels) }
        }
        if let inputGrad, let winograd { addInputGradientWinograd(outputGrad, into: inputGrad, path: winograd) }
        for t in 0..<chunks.count {
            let partial = partials + t * stride
            for i in 0..<(outChannels * k) { weight.grad[i] += partial[i] }
            for o in 0..<outChannels { bias.grad[o] += partial[outChannels * k + o] }
        }
    }
}
