import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct Conv2DTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        var batch, inChannels, outChannels, height, width, kernel: Int
        var testDescription: String { "\(batch)x\(inChannels)->\(outChannels) \(height)x\(width) k\(kernel)" }
    }

    static let shapes: [Shape] = [
        Shape(batch: 1, inChannels: 1, outChannels: 1, height: 1, width: 1, kernel: 3),
        Shape(batch: 1, inChannels: 3, outChannels: 5, height: 7, width: 5, kernel: 3),
        Shape(batch: 3, inChannels: 9, outChannels: 7, height: 5, width: 11, kernel: 3),
        Shape(batch: 2, inChannels: 4, outChannels: 6, height: 6, width: 3, kernel: 1),
        Shape(batch: 1, inChannels: 2, outChannels: 3, height: 2, width: 300, kernel: 3),
        Shape(batch: 1, inChannels: 3, outChannels: 27, height: 9, width: 29, kernel: 3),
    ]

    func make(_ s: Shape, seed: UInt64) -> (Conv2D, Tensor, TestRandom) {
        var random = TestRandom(seed: seed)
        let conv = Conv2D(inChannels: s.inChannels, outChannels: s.outChannels, kernel: s.kernel)
        conv.weight.set(random.values(conv.weight.count, scale: 0.5))
        conv.bias.set(random.values(conv.bias.count))
        let x = Tensor.random((s.batch, s.inChannels, s.height, s.width), &random)
        return (conv, x, random)
    }

    func reference(_ conv: Conv2D, _ x: [Double], _ s: Shape, weight: [Double]? = nil) -> [Double] {
        Reference.conv(x, batch: s.batch, inChannels: s.inChannels, height: s.height, width: s.width,
                       weight: weight ?? conv.weight.values.map(Double.init), bias: conv.bias.values.map(Double.init),
                       outChannels: s.outChannels, kernel: s.kernel)
    }

    @Test(arguments: shapes) func forwardMatchesReference(_ s: Shape) {
        let (conv, x, _) = make(s, seed: 1)
        let y = conv.output(for: x)
        conv.forward(x, into: y)
        #expect(isClose(y.values, reference(conv, x.doubles, s), absolute: 1e-5))
    }

    /// The SIMD kernel against OpenBLAS on shapes that are not multiples of its 4 x 24 tile, with bands
    /// that start and end mid-row.
    @Test(arguments: shapes.filter { $0.kernel == 3 }) func simdMatchesBLAS(_ s: Shape) {
        let (conv, x, random0) = make(s, seed: 4)
        var random = random0
        let skip = Tensor.random((s.batch, s.outChannels, s.height, s.width), &random)
        for (relu, useSkip) in [(false, false), (true, true)] {
            let fast = skip.copy(), reference = skip.copy()
            conv.forwardSIMD(x, into: fast, residual: useSkip ? fast : nil, scale: 0.7, relu: relu)
            conv.forwardBLAS(x, into: reference, residual: useSkip ? reference : nil, scale: 0.7, relu: relu)
            #expect(isClose(fast.values, reference.values, absolute: 1e-5, relative: 1e-6))
        }
    }

    @Test(arguments: shapes) func fusedResidualScaleAndReLU(_ s: Shape) {
        let (conv, x, random0) = make(s, seed: 2)
        var random = random0
        let skip = Tensor.random((s.batch, s.outChannels, s.height, s.width), &random)
        let expected = zip(reference(conv, x.doubles, s), skip.doubles).map { max(0.3 * $0 + $1, 0) }
        let y = skip.copy()
        conv.forward(x, into: y, residual: y, scale: 0.3, relu: true)  // in place on the skip tensor
        #expect(isClose(y.values, expected, absolute: 1e-5))
    }

    /// Backward against central finite differences of the float64 reference, for
    /// loss = sum(g * conv(x)), so d(loss)/d(output) = g.
    @Test(arguments: shapes) func backwardMatchesFiniteDifferences(_ s: Shape) {
        let (conv, x, random0) = make(s, seed: 3)
        var random = random0
        let g = Tensor.random((s.batch, s.outChannels, s.height, s.width), &random)
        let dx = Tensor(shapeOf: x)
        conv.backward(input: x, outputGrad: g, inputGrad: dx)
        let gd = g.doubles
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            let y = Reference.conv(x, batch: s.batch, inChannels: s.inChannels, height: s.height, width: s.width,
                                   weight: w, bias: b, outChannels: s.outChannels, kernel: s.kernel)
            return zip(y, gd).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let (x0, w0, b0) = (x.doubles, conv.weight.values.map(Double.init), conv.bias.values.map(Double.init))
        let eps = 1e-4
        func numeric(_ vector: [Double], _ i: Int, _ f: ([Double]) -> Double) -> Double {
            var plus = vector, minus = vector
            plus[i] += eps
            minus[i] -= eps
            return (f(plus) - f(minus)) / (2 * eps)
        }
        let dxNumeric = (0..<x0.count).map { numeric(x0, $0) { loss($0, w0, b0) } }
        let dwNumeric = (0..<w0.count).map { numeric(w0, $0) { loss(x0, $0, b0) } }
        let dbNumeric = (0..<b0.count).map { numeric(b0, $0) { loss(x0, w0, $0) } }
        #expect(isClose(dx.values, dxNumeric, absolute: 1e-4, relative: 1e-4))
        #expect(isClose(Array(conv.weight.grad), dwNumeric, absolute: 1e-4, relative: 1e-4))
        #expect(isClose(Array(conv.bias.grad), dbNumeric, absolute: 1e-4, relative: 1e-4))
    }
}
