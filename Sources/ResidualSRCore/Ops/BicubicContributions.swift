import Foundation

/// MATLAB imresize's `contributions()` for one axis: which input samples feed each output sample,
/// and with what weight.
///
/// Every output has the same number of taps (`taps`). Out-of-range taps are already folded back
/// with MATLAB's symmetric padding (edge sample repeated), so the passes never bounds-check.
/// Weights are computed in Double exactly as MATLAB does, normalised per output, then stored as Float.
struct BicubicContributions: Sendable {
    let inputCount: Int
    let outputCount: Int
    let taps: Int
    /// `outputCount * taps` input indices, output-major.
    let indices: [Int32]
    /// `outputCount * taps` weights, output-major; each output's weights sum to 1.
    let weights: [Float]
    /// Integer enlargement by `period` is shift-invariant: output `period * j + p` reads inputs
    /// `j + phaseOffsets[p] + k` with the weights of output `p`, for every j in `periodicRange`
    /// (the outputs whose taps need no mirroring). Empty range when the scale is not an integer.
    let period: Int
    let phaseOffsets: [Int]
    let periodicRange: Range<Int>

    /// `scale` is the factor given to imresize (not outputCount/inputCount): MATLAB derives the
    /// sample positions from it, and so must we to land on the same pixels.
    init(inputCount: Int, outputCount: Int, scale: Double, antialiasing: Bool = true) {
        precondition(inputCount >= 1 && outputCount >= 1 && scale > 0)
        let shrinking = scale < 1 && antialiasing
        // Shrinking widens the kernel by 1/scale so that it also low-pass filters (MATLAB's antialiasing).
        let kernelWidth = shrinking ? 4.0 / scale : 4.0
        func kernel(_ x: Double) -> Double { shrinking ? scale * Self.cubic(scale * x) : Self.cubic(x) }
        let fullTaps = Int(kernelWidth.rounded(.up)) + 2

        var rawIndices = [Int](repeating: 0, count: outputCount * fullTaps)
        var rawIndexOfFirstTap = [Int](repeating: 0, count: outputCount)  // 0-based, before mirroring
        var rawWeights = [Double](repeating: 0, count: outputCount * fullTaps)
        for output in 0..<outputCount {
            // 1-based coordinates, as in MATLAB.
            let u = Double(output + 1) / scale + 0.5 * (1.0 - 1.0 / scale)
            let left = (u - kernelWidth / 2.0).rounded(.down)
            rawIndexOfFirstTap[output] = Int(left) - 1
            var sum = 0.0
            for tap in 0..<fullTaps {
                let position = left + Double(tap)
                let weight = kernel(u - position)
                rawWeights[output * fullTaps + tap] = weight
                rawIndices[output * fullTaps + tap] = Self.mirrored(Int(position) - 1, count: inputCount)
                sum += weight
            }
            for tap in 0..<fullTaps { rawWeights[output * fullTaps + tap] /= sum }
        }

        // MATLAB also drops tap columns that are zero for every output; doing so keeps
        // upsampling at 4 taps instead of 6.
        func columnIsZero(_ tap: Int) -> Bool {
            (0..<outputCount).allSatisfy { rawWeights[$0 * fullTaps + tap] == 0 }
        }
        var first = 0, last = fullTaps - 1
        while first < last && columnIsZero(first) { first += 1 }
        while last > first && columnIsZero(last) { last -= 1 }
        let taps = last - first + 1

        var indices = [Int32](repeating: 0, count: outputCount * taps)
        var weights = [Float](repeating: 0, count: outputCount * taps)
        for output in 0..<outputCount {
            for tap in 0..<taps {
                indices[output * taps + tap] = Int32(rawIndices[output * fullTaps + first + tap])
                weights[output * taps + tap] = Float(rawWeights[output * fullTaps + first + tap])
            }
        }
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.taps = taps
        self.indices = indices
        self.weights = weights

        // u(o + s) = u(o) + 1, so the phase structure follows from the first `s` outputs' unmirrored taps.
        let period = taps == 4 && scale >= 2 && scale == scale.rounded() ? Int(scale) : 0
        if period > 0 && outputCount >= period {
            let offsets = (0..<period).map { rawIndexOfFirstTap[$0] + first }
            let lowest = -(offsets.min() ?? 0), highest = inputCount - taps - (offsets.max() ?? 0)
            let start = max(lowest, 0), end = min(highest + 1, outputCount / period)
            self.period = period
            self.phaseOffsets = offsets
            self.periodicRange = start < end ? start..<end : 0..<0
        } else {
            self.period = 0
            self.phaseOffsets = []
            self.periodicRange = 0..<0
        }
    }

    /// Keys' cubic convolution kernel with a = -0.5 (MATLAB's `cubic`).
    static func cubic(_ x: Double) -> Double {
        let ax = abs(x), ax2 = ax * ax, ax3 = ax2 * ax
        if ax <= 1 { return 1.5 * ax3 - 2.5 * ax2 + 1 }
        if ax <= 2 { return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2 }
        return 0
    }

    /// A 0-based index reflected into 0..<count the way MATLAB pads: [0 ..< count, count-1 ... 0], repeated.
    static func mirrored(_ index: Int, count: Int) -> Int {
        let period = 2 * count
        let folded = ((index % period) + period) % period
        return folded < count ? folded : period - 1 - folded
    }
}
