import ResidualSRCore

public enum TestNetworks {
    /// A network of `config` with small uniform weights from `seed` (biases 0.1, weights 0.3 at most).
    public static func random(_ config: NetworkConfig, seed: UInt64) -> SRNetwork {
        var random = TestRandom(seed: seed)
        let network = SRNetwork(config)
        for p in network.parameters { p.set(random.values(p.count, scale: p.name.hasSuffix("bias") ? 0.1 : 0.3)) }
        return network
    }
}
