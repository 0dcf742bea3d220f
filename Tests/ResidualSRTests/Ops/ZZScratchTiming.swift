import Testing
import Foundation
@testable import ResidualSR

func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

@Suite struct ZZScratchTiming {
    @Test func convTiming() {
        guard ProcessInfo.processInfo.environment["RSR_TIMING"] != nil else { return }
        var random = TestRandom(seed: 1)
        let conv = Conv2D(inChannels: 32, outChannels: 32)
        conv.weight.set(random.values(conv.weight.count))
        let input = Tensor.random((1, 32, 256, 256), &random)
        let out = conv.output(for: input)
        let flops = 2.0 * 32 * 288 * 256 * 256
        for threads in [1, 2] {
            Parallelism.threads = threads
            for _ in 0..<3 {
                var c0 = cpuSeconds(); var w0 = Date()
                conv.forwardBLAS(input, into: out)
                let blas = (cpuSeconds() - c0, Date().timeIntervalSince(w0))
                c0 = cpuSeconds(); w0 = Date()
                for _ in 0..<3 { conv.forwardSIMD(input, into: out, residual: nil, scale: 1, relu: false) }
                let simd = ((cpuSeconds() - c0) / 3, Date().timeIntervalSince(w0) / 3)
                print(String(format: "threads %d: blas %.0f GFLOP/s-cpu (%.0f wall) simd %.0f GFLOP/s-cpu (%.0f wall)",
                             threads, flops / blas.0 / 1e9 * Double(threads), flops / blas.1 / 1e9, flops / simd.0 / 1e9 * Double(threads), flops / simd.1 / 1e9))
            }
        }
    }
}
