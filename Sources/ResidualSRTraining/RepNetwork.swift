import ResidualSRCore

/// The branch parameters of every 3x3 conv of an `SRNetwork` (`rsr train --reparam`). The network keeps
/// the merged weights: forward and backward run on it unchanged, `accumulateGradients` maps its weight
/// gradients back to the branches, the optimiser updates the branches, and `merge` writes the merged
/// weights back. What is saved as a model is the network, so the file format and the inference cost do
/// not change.
public final class RepNetwork: @unchecked Sendable {
    public let network: SRNetwork
    public let convs: [RepConv]

    public init(_ network: SRNetwork) {
        self.network = network
        convs = network.layers.map { RepConv(for: $0) }
    }

    /// The trainable parameters (what the optimiser and the checkpoint hold instead of the network's).
    public var parameters: [Parameter] { convs.flatMap(\.parameters) }

    /// Draws the extra branches and sets each 3x3 branch so the merged network equals the network's
    /// current weights (its initialisation or `--init` model). For the zero tail, the products' second
    /// factors (expand 3x3, mask scales) start at zero with the first ones random, so the tail stays
    /// exactly zero (the untrained model is bicubic) and no branch sits at a saddle.
    public func initialize(seed: UInt64) {
        var random = SplitMix(seed: seed, stream: 0x5EB0_BE1)
        func uniform(_ p: Parameter, bound: Float) {
            for j in 0..<p.count { p.value[j] = bound * (2 * random.unit() - 1) }
        }
        for (conv, layer) in zip(convs, network.layers) {
            let isTail = layer === network.tail
            let inBound = 1 / Float(conv.inChannels).squareRoot()
            uniform(conv.expandReduceWeight, bound: inBound)
            uniform(conv.expandReduceBias, bound: inBound)
            uniform(conv.expandWeight, bound: isTail ? 0 : 1 / Float(9 * conv.middleChannels).squareRoot())
            for (weight, scale) in zip(conv.maskWeights, conv.maskScales) {
                uniform(weight, bound: inBound)
                // ECBSR starts the mask scales near zero (N(0, 1e-3)); uniform of the same spread here.
                uniform(scale, bound: isTail ? 0 : 1.7e-3)
            }
            conv.identityScale?.value.update(repeating: 1)
            conv.absorb(layer)
        }
        merge()
    }

    public func merge() {
        for (conv, layer) in zip(convs, network.layers) { conv.merge(into: layer) }
    }

    public func zeroGrad() {
        parameters.forEach { $0.zeroGrad() }
        network.zeroGrad()
    }

    public func accumulateGradients() {
        for (conv, layer) in zip(convs, network.layers) { conv.accumulateGradient(from: layer) }
    }
}
