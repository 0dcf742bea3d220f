import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// How `SRNetwork.initialize` draws the weights before training.
public enum InitScheme: String, Codable, Sendable, CaseIterable {
    /// Kaiming-normal weights, zero biases, each block's conv2 scaled by 0.1 (the body starts near identity).
    case kaiming
    /// PyTorch's `Conv2d` default (`kaiming_uniform_(a: sqrt(5))`): weights and biases uniform in
    /// ±1/sqrt(fan_in). About 2.4x smaller than Kaiming-normal, so Adam's fixed-size steps move them
    /// relatively further early on.
    case uniform
}

extension SRNetwork {
    /// Draws every layer's weights with `scheme`, then zeroes the tail so the untrained model is exactly
    /// bicubic and learns a correction.
    public func initialize(seed: UInt64, scheme: InitScheme = .kaiming) {
        var random = SplitMix(seed: seed, stream: 0xC0FFEE)
        for layer in layers {
            if layer === tail {
                layer.weight.value.update(repeating: 0)
                layer.bias.value.update(repeating: 0)
                continue
            }
            let fanIn = Float(layer.patchSize)
            switch scheme {
            case .kaiming:
                let gain: Float = body.contains(where: { $0.conv2 === layer }) ? 0.1 : 1
                let std = (2 / fanIn).squareRoot() * gain
                for i in 0..<layer.weight.count { layer.weight.value[i] = std * random.normal() }
                layer.bias.value.update(repeating: 0)
            case .uniform:
                let bound = 1 / fanIn.squareRoot()
                for i in 0..<layer.weight.count { layer.weight.value[i] = bound * (2 * random.unit() - 1) }
                for i in 0..<layer.bias.count { layer.bias.value[i] = bound * (2 * random.unit() - 1) }
            }
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
