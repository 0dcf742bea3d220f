import ResidualSRCore

/// The one approximate-equality helper for float tests: max |a - b| <= absolute + relative * max |b|.
public func maxDifference<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(_ a: [A], _ b: [B]) -> Double {
    precondition(a.count == b.count, "compared arrays differ in length: \(a.count) vs \(b.count)")
    var worst = 0.0
    for (x, y) in zip(a, b) { worst = max(worst, abs(Double(x) - Double(y))) }
    return worst
}

public func isClose<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(
    _ a: [A], _ b: [B], absolute: Double = 1e-5, relative: Double = 0
) -> Bool {
    let scale = b.reduce(0.0) { max($0, abs(Double($1))) }
    return maxDifference(a, b) <= absolute + relative * scale
}

/// Deterministic pseudo-random numbers for tests: the library's SplitMix64 started at the seed itself.
public struct TestRandom {
    var generator: SplitMix
    public init(seed: UInt64) { generator = SplitMix(state: seed) }
    public mutating func next() -> UInt64 { generator.next() }
    /// Uniform in [0, 1), 24 bits.
    public mutating func unit() -> Float { generator.unit() }
    /// Uniform in [-1, 1).
    public mutating func uniform() -> Float { Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) }
    public mutating func values(_ count: Int, scale: Float = 1) -> [Float] { (0..<count).map { _ in uniform() * scale } }
}

extension Tensor {
    public static func random(_ shape: (Int, Int, Int, Int), _ random: inout TestRandom, scale: Float = 1) -> Tensor {
        let t = Tensor(batch: shape.0, channels: shape.1, height: shape.2, width: shape.3)
        for i in 0..<t.count { t.data[i] = random.uniform() * scale }
        return t
    }
    public var values: [Float] { Array(buffer) }
    public var doubles: [Double] { buffer.map(Double.init) }
}
