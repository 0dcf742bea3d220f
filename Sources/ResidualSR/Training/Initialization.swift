import Foundation

extension SRNetwork {
    /// Kaiming-normal weights and zero biases; each block's conv2 scaled down so the body starts close to
    /// identity, and a zero tail, so the untrained model is exactly bicubic and learns a correction.
    public func initialize(seed: UInt64) {
        var random = SplitMix(seed: seed, stream: 0xC0FFEE)
        for layer in layers {
            let gain: Float
            if layer === tail { gain = 0 } else if body.contains(where: { $0.conv2 === layer }) { gain = 0.1 } else { gain = 1 }
            let std = (2 / Float(layer.patchSize)).squareRoot() * gain
            for i in 0..<layer.weight.count { layer.weight.value[i] = std * random.normal() }
            layer.bias.value.update(repeating: 0)
        }
    }

    /// Copies every tensor of `other` whose name and shape match; returns the names copied.
    @discardableResult
    public func copyMatchingWeights(from other: SRNetwork) -> [String] {
        let source = Dictionary(uniqueKeysWithValues: other.parameters.map { ($0.name, $0) })
        var copied: [String] = []
        for parameter in parameters {
            guard let match = source[parameter.name], match.shape == parameter.shape else { continue }
            parameter.set(match.values)
            copied.append(parameter.name)
        }
        return copied
    }
}

extension SplitMix {
    /// Standard normal (Box-Muller).
    mutating func normal() -> Float {
        let u1 = max(unit(), 1e-7), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
