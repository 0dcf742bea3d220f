import Testing
@testable import ResidualSRCore
@testable import ResidualSRTraining
import ResidualSRTestSupport

@Suite struct RepConvTests {
    /// Every branch parameter random and non-zero (no branch switched off by its initialisation).
    static func randomRepConv(inChannels: Int, outChannels: Int, seed: UInt64) -> RepConv {
        var random = TestRandom(seed: seed)
        let conv = RepConv(inChannels: inChannels, outChannels: outChannels, name: "test")
        for p in conv.parameters { p.set(random.values(p.count, scale: 0.3)) }
        return conv
    }

    static let shapes: [(inChannels: Int, outChannels: Int, batch: Int, height: Int, width: Int)] = [
        (3, 5, 1, 7, 9), (5, 5, 2, 11, 6), (4, 12, 1, 5, 13), (6, 6, 1, 1, 1), (2, 3, 1, 3, 2),
    ]

    /// The merged 3x3 conv equals the branches computed one by one, borders included (the expand
    /// branch's bias padding), on both the reference and the fast conv path.
    @Test(arguments: 0..<shapes.count)
    func mergedConvEqualsBranchedForward(_ index: Int) {
        let s = Self.shapes[index]
        let rep = Self.randomRepConv(inChannels: s.inChannels, outChannels: s.outChannels, seed: UInt64(10 + index))
        #expect((rep.identityScale != nil) == (s.inChannels == s.outChannels))
        var random = TestRandom(seed: UInt64(index))
        let x = Tensor.random((s.batch, s.inChannels, s.height, s.width), &random)
        let reference = rep.branchedForward(x)
        let conv = Conv2D(inChannels: s.inChannels, outChannels: s.outChannels)
        rep.merge(into: conv)
        let blas = conv.output(for: x), fast = conv.output(for: x)
        conv.forwardBLAS(x, into: blas)
        conv.forward(x, into: fast)
        #expect(maxDifference(blas.values, reference.values) <= 1e-5)
        #expect(maxDifference(fast.values, reference.values) <= 1e-5)
    }

    /// Gradients of every branch tensor against central differences of the branched reference. The
    /// output is linear in each single parameter, so the difference is exact up to rounding.
    @Test(arguments: [0, 1, 2])
    func branchGradientsMatchNumericalGradients(_ index: Int) {
        let s = Self.shapes[index]
        let rep = Self.randomRepConv(inChannels: s.inChannels, outChannels: s.outChannels, seed: UInt64(20 + index))
        var random = TestRandom(seed: UInt64(30 + index))
        let x = Tensor.random((s.batch, s.inChannels, s.height, s.width), &random)
        let outputGrad = Tensor.random((s.batch, s.outChannels, s.height, s.width), &random)
        func loss() -> Double {
            zip(rep.branchedForward(x).values, outputGrad.values).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        let conv = Conv2D(inChannels: s.inChannels, outChannels: s.outChannels)
        rep.merge(into: conv)
        conv.backward(input: x, outputGrad: outputGrad, inputGrad: nil)
        rep.parameters.forEach { $0.zeroGrad() }
        rep.accumulateGradient(from: conv)
        let epsilon: Float = 0.25
        for parameter in rep.parameters {
            let picks = Set((0..<6).map { _ in Int(random.next() % UInt64(parameter.count)) })
            for i in picks {
                let saved = parameter.value[i]
                parameter.value[i] = saved + epsilon
                let plus = loss()
                parameter.value[i] = saved - epsilon
                let minus = loss()
                parameter.value[i] = saved
                let numerical = (plus - minus) / Double(2 * epsilon)
                let analytic = Double(parameter.grad[i])
                #expect(abs(numerical - analytic) <= 1e-3 * max(1, abs(numerical)), "\(parameter.name)[\(i)]: \(analytic) vs \(numerical)")
            }
        }
    }

    /// The 3x3 branch absorbs a given conv: the merged weights are that conv's, up to rounding.
    @Test func absorbReproducesTheTargetConv() {
        let rep = Self.randomRepConv(inChannels: 5, outChannels: 5, seed: 3)
        let target = Conv2D(inChannels: 5, outChannels: 5)
        var random = TestRandom(seed: 4)
        target.weight.set(random.values(target.weight.count, scale: 0.2))
        target.bias.set(random.values(5, scale: 0.1))
        rep.absorb(target)
        let merged = rep.merged()
        #expect(isClose(merged.kernel, target.weight.values, absolute: 1e-6))
        #expect(isClose(merged.bias, target.bias.values, absolute: 1e-6))
    }
}
