/// A small, seedable generator (SplitMix64), the one the library and its tests use: training draws batch
/// k from `SplitMix(seed, k)` alone, so a resumed run sees exactly the batches an uninterrupted one
/// would, whatever was prefetched before it stopped.
public struct SplitMix: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 0x632B_E59B_D9B4_E019) &* 0xD1B5_4A32_D192_ED03
        _ = next()
    }

    /// The generator at exactly `state`, no seed mixing.
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform Float in [0, 1).
    public mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
}
