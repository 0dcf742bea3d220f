import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

/// Winograd F(4x4, 3x3) on every instruction set this CPU runs, against the float64 reference, on shapes
/// whose sides are not multiples of the 4x4 tile and batches whose tiles share blocks.
@Suite struct WinogradTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        var batch, inChannels, outChannels, height, width: Int
        var testDescription: String { "\(batch)x\(inChannels)->\(outChannels) \(height)x\(width)" }
    }

    static let shapes: [Shape] = [
        Shape(batch: 1, inChannels: 1, outChannels: 1, height: 1, width: 1),
        Shape(batch: 1, inChannels: 3, outChannels: 32, height: 5, width: 7),
        Shape(batch: 2, inChannels: 27, outChannels: 3, height: 37, width: 19),
        Shape(batch: 3, inChannels: 32, outChannels: 32, height: 9, width: 13),
        Shape(batch: 1, inChannels: 32, outChannels: 12, height: 6, width: 70),
        Shape(batch: 1, inChannels: 64, outChannels: 64, height: 11, width: 35),
        Shape(batch: 2, inChannels: 3, outChannels: 27, height: 48, width: 48),
        // Epilogue segments that end in a 1-pixel partial tile, in a 1-row partial tile row, across images.
        Shape(batch: 2, inChannels: 8, outChannels: 16, height: 17, width: 33),
        // 8-tile groups read straight from the image (interior rows, 36 columns inside) next to gathered
        // ones; AVX2 output-channel panels of 8 + 4 and 8 + 5 rows; 40 input channels padded to 48.
        Shape(batch: 2, inChannels: 5, outChannels: 12, height: 14, width: 83),
        Shape(batch: 1, inChannels: 40, outChannels: 13, height: 21, width: 150),
    ]

    static var paths: [ConvolutionPath] {
        ConvolutionDispatch.cpuHasAVX512 ? [.winogradAVX2, .winogradAVX512] : [.winogradAVX2]
    }

    static var cases: [(Shape, ConvolutionPath)] { shapes.flatMap { s in paths.map { (s, $0) } } }

    /// Weights scaled so that outputs are of order 1 whatever the channel count.
    func make(_ s: Shape, seed: UInt64) -> (Conv2D, Tensor, TestRandom) {
        var random = TestRandom(seed: seed)
        let conv = Conv2D(inChannels: s.inChannels, outChannels: s.outChannels)
        let weightScale = Float(1.5 / Double(9 * s.inChannels).squareRoot())
        conv.weight.set(random.values(conv.weight.count, scale: weightScale))
        conv.bias.set(random.values(conv.bias.count))
        let x = Tensor.random((s.batch, s.inChannels, s.height, s.width), &random)
        return (conv, x, random)
    }

    func reference(_ conv: Conv2D, _ x: Tensor, _ s: Shape) -> [Double] {
        Reference.conv(x.doubles, batch: s.batch, inChannels: s.inChannels, height: s.height, width: s.width,
                       weight: conv.weight.values.map(Double.init), bias: conv.bias.values.map(Double.init),
                       outChannels: s.outChannels, kernel: 3)
    }

    @Test(arguments: cases) func forwardMatchesFloat64Reference(_ s: Shape, _ path: ConvolutionPath) {
        let (conv, x, random0) = make(s, seed: 11)
        var random = random0
        let skip = Tensor.random((s.batch, s.outChannels, s.height, s.width), &random)
        let plain = conv.output(for: x)
        conv.forwardWinograd(x, into: plain, residual: nil, scale: 1, relu: false, path: path)
        #expect(maxDifference(plain.values, reference(conv, x, s)) <= 1e-4)
        // Fused epilogue, in place on the skip tensor as the residual blocks run it.
        let expected = zip(reference(conv, x, s), skip.doubles).map { max(0.3 * $0 + $1, 0) }
        let fused = skip.copy()
        conv.forwardWinograd(x, into: fused, residual: fused, scale: 0.3, relu: true, path: path)
        #expect(maxDifference(fused.values, expected) <= 1e-4)
    }

    /// The transformed weights are redone after the weights change (an optimiser step, a model load).
    @Test(arguments: paths) func weightChangeIsSeen(_ path: ConvolutionPath) {
        let s = Shape(batch: 1, inChannels: 4, outChannels: 5, height: 9, width: 10)
        let (conv, x, random0) = make(s, seed: 12)
        var random = random0
        let y = conv.output(for: x)
        conv.forwardWinograd(x, into: y, residual: nil, scale: 1, relu: false, path: path)
        conv.weight.set(random.values(conv.weight.count, scale: 0.3))
        conv.forwardWinograd(x, into: y, residual: nil, scale: 1, relu: false, path: path)
        #expect(maxDifference(y.values, reference(conv, x, s)) <= 1e-4)
    }

    /// The input gradient through Winograd (a conv with the transposed, flipped kernel) equals the
    /// im2col + col2im one, and the Winograd-domain weight gradient the im2col one.
    @Test(arguments: cases) func inputGradientMatchesIm2col(_ s: Shape, _ path: ConvolutionPath) {
        let (conv, x, random0) = make(s, seed: 13)
        var random = random0
        let g = Tensor.random((s.batch, s.outChannels, s.height, s.width), &random)
        let start = Tensor.random((s.batch, s.inChannels, s.height, s.width), &random)
        let fast = start.copy(), slow = start.copy()
        conv.backward(input: x, outputGrad: g, inputGrad: fast, winograd: path)
        let fastWeightGrad = Array(conv.weight.grad)
        conv.weight.zeroGrad()
        conv.bias.zeroGrad()
        conv.backward(input: x, outputGrad: g, inputGrad: slow, winograd: nil)
        #expect(maxDifference(fast.values, slow.values) <= 1e-4)
        // Sums of batch * pixels products: the bound of weightGradientMatchesFloat64Reference.
        #expect(maxDifference(fastWeightGrad, Array(conv.weight.grad)) <= 2e-5 * Double(s.batch * s.height * s.width).squareRoot())
        #expect(maxDifference(start.values, slow.values) > 1e-3)  // the gradient was added, not dropped
    }

    /// dW[o][c][ky][kx] = sum over n, y, x of g[n][o][y][x] * x[n][c][y + ky - 1][x + kx - 1] in float64.
    func weightGradientReference(_ x: Tensor, _ g: Tensor, _ s: Shape) -> [Double] {
        let (xs, gs) = (x.doubles, g.doubles)
        let plane = s.height * s.width
        var dw = [Double](repeating: 0, count: s.outChannels * s.inChannels * 9)
        for n in 0..<s.batch {
            for o in 0..<s.outChannels {
                for c in 0..<s.inChannels {
                    for k in 0..<9 {
                        let (dy, dx) = (k / 3 - 1, k % 3 - 1)
                        var sum = 0.0
                        for y in max(0, -dy)..<min(s.height, s.height - dy) {
                            for x in max(0, -dx)..<min(s.width, s.width - dx) {
                                sum += gs[(n * s.outChannels + o) * plane + y * s.width + x]
                                    * xs[(n * s.inChannels + c) * plane + (y + dy) * s.width + x + dx]
                            }
                        }
                        dw[(o * s.inChannels + c) * 9 + k] += sum
                    }
                }
            }
        }
        return dw
    }

    /// The weight gradient in the Winograd domain against float64; sums of batch * pixels products of
    /// order 1, so the bound grows with their square root. Also added to what the gradient held.
    @Test(arguments: cases) func weightGradientMatchesFloat64Reference(_ s: Shape, _ path: ConvolutionPath) {
        let (conv, x, random0) = make(s, seed: 14)
        var random = random0
        let g = Tensor.random((s.batch, s.outChannels, s.height, s.width), &random)
        let start = random.values(conv.weight.count)
        conv.weight.grad.update(from: start)
        Winograd.weightGradient(input: x, outputGrad: g, into: conv.weight.grad.baseAddress!, path: path)
        let expected = zip(weightGradientReference(x, g, s), start).map { $0 + Double($1) }
        let bound = 2e-5 * Double(s.batch * s.height * s.width).squareRoot()
        #expect(maxDifference(Array(conv.weight.grad), expected) <= bound)
    }

    /// The input gradient with the ReLU's backward fused into the epilogue equals im2col + col2im then the
    /// mask, and overwrites what the tensor held.
    @Test(arguments: cases) func gradientThroughReLUMatchesUnfused(_ s: Shape, _ path: ConvolutionPath) {
        let (conv, x, random0) = make(s, seed: 15)
        var random = random0
        x.data[0] = abs(x.data[0]) + 0.5  // at least one pixel passes the mask
        for i in 0..<x.count { x.data[i] = max(x.data[i], 0) }  // a ReLU's output: about half zeros
        let g = Tensor.random((s.batch, s.outChannels, s.height, s.width), &random)
        let fused = Tensor.random((s.batch, s.inChannels, s.height, s.width), &random)
        conv.backwardThroughReLU(input: x, outputGrad: g, into: fused, winograd: path)
        let unfused = Tensor(shapeOf: x)
        conv.backward(input: x, outputGrad: g, inputGrad: unfused, winograd: nil)
        let expected = zip(unfused.doubles, x.doubles).map { $1 > 0 ? $0 : 0 }
        #expect(maxDifference(fused.values, expected) <= 1e-4)
        #expect(zip(fused.values, x.values).allSatisfy { $1 > 0 || $0 == 0 })
        #expect(expected.contains { $0 != 0 })
    }
}
