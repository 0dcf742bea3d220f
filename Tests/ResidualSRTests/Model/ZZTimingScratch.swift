import Testing
import Foundation
@testable import ResidualSR

@Suite struct ZZTimingScratch {
    @Test func trainingStepTiming() {
        guard ProcessInfo.processInfo.environment["RSR_TIMING"] != nil else { return }
        let net = SRNetworkTests.randomNetwork(NetworkConfig(), seed: 1)
        var random = TestRandom(seed: 2)
        let x = Tensor.random((16, 3, 48, 48), &random)
        for _ in 0..<3 {
            let t0 = Date()
            let (r, acts) = net.forwardTraining(x)
            let t1 = Date()
            net.zeroGrad()
            net.backward(acts, residualGrad: r)
            let t2 = Date()
            print("forward \(t1.timeIntervalSince(t0)) backward \(t2.timeIntervalSince(t1))")
        }
        let conv = Conv2D(inChannels: 32, outChannels: 32)
        conv.weight.set(random.values(conv.weight.count))
        let input = Tensor.random((1, 32, 512, 512), &random)
        let out = conv.output(for: input)
        for _ in 0..<3 {
            var t0 = Date()
            conv.forwardBLAS(input, into: out)
            let blas = Date().timeIntervalSince(t0)
            t0 = Date()
            conv.forwardSIMD(input, into: out, residual: nil, scale: 1, relu: false)
            let simd = Date().timeIntervalSince(t0)
            let flops = 2.0 * 32 * 288 * 512 * 512
            print("conv 32->32 512^2: blas \(flops / blas / 1e9) simd \(flops / simd / 1e9) GFLOP/s")
        }
        let big = Tensor.random((1, 3, 512, 512), &random)
        for _ in 0..<3 {
            let t0 = Date()
            _ = net.residual(big)
            let dt = Date().timeIntervalSince(t0)
            print("inference 512: \(dt) s, \(2 * 160992.0 * 512 * 512 / dt / 1e9) GFLOP/s")
        }
    }
}
