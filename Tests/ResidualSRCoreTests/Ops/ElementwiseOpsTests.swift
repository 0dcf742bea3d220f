import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct PixelShuffleTests {
    @Test(arguments: [2, 3, 4]) func forwardMatchesReferenceAndBackwardIsItsAdjoint(_ s: Int) {
        var random = TestRandom(seed: UInt64(s))
        let x = Tensor.random((2, 3 * s * s, 5, 3), &random)
        let y = Tensor(batch: 2, channels: 3, height: 5 * s, width: 3 * s)
        PixelShuffle.forward(x, scale: s, into: y)
        #expect(y.values.map(Double.init) == Reference.pixelShuffle(x.doubles, batch: 2, channels: 3, height: 5, width: 3, scale: s))
        // A permutation's gradient is its inverse: backward(forward(x)) == x.
        let back = Tensor(shapeOf: x)
        PixelShuffle.backward(y, scale: s, into: back)
        #expect(back.values == x.values)
    }
}

@Suite struct ReLUTests {
    @Test func forwardAndBackward() {
        let x: [Float] = [-2, -0.0, 0.5, 3, -1e-8]
        var y = [Float](repeating: 9, count: 5)
        ReLU.forward(x, &y, count: 5)
        #expect(y == [0, 0, 0.5, 3, 0])
        let dy: [Float] = [1, 2, 3, 4, 5]
        var dx = [Float](repeating: 9, count: 5)
        ReLU.backward(output: y, outputGrad: dy, inputGrad: &dx, count: 5)
        #expect(dx == [0, 0, 3, 4, 0])
    }
}

@Suite struct LossTests {
    @Test(arguments: Loss.allCases) func gradientMatchesFiniteDifferences(_ loss: Loss) {
        var random = TestRandom(seed: 7)
        let p = random.values(13), t = random.values(13)
        var g = [Float](repeating: 0, count: 13)
        let value = loss.evaluate(prediction: p, target: t, gradient: &g, count: 13)
        let expected = zip(p, t).map { loss == .l1 ? abs(Double($0 - $1)) : Double(($0 - $1) * ($0 - $1)) }.reduce(0, +) / 13
        #expect(abs(value - expected) < 1e-6)
        for i in 0..<13 {
            var plus = p, minus = p
            plus[i] += 1e-3
            minus[i] -= 1e-3
            let numeric = (loss.evaluate(prediction: plus, target: t, gradient: nil, count: 13)
                - loss.evaluate(prediction: minus, target: t, gradient: nil, count: 13)) / 2e-3
            #expect(abs(numeric - Double(g[i])) < 1e-3)
        }
    }
}
