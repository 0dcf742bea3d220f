import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// Adam with bias correction (Kingma & Ba), state per parameter, plus global gradient-norm clipping.
public final class Adam: @unchecked Sendable {
    public let parameters: [Parameter]
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// Steps taken; bias correction uses it, so it is part of the checkpoint.
    public private(set) var step = 0
    /// First and second moments, one buffer per parameter (same order).
    public private(set) var moments: [(m: [Float], v: [Float])]

    public init(_ parameters: [Parameter]) {
        self.parameters = parameters
        moments = parameters.map { ([Float](repeating: 0, count: $0.count), [Float](repeating: 0, count: $0.count)) }
    }

    /// Scales all gradients so their global L2 norm is at most `maxNorm`; returns the norm before clipping.
    @discardableResult
    public func clipGradients(maxNorm: Float) -> Float {
        var sum: Double = 0
        for p in parameters { for g in p.grad { sum += Double(g * g) } }
        let norm = Float(sum.squareRoot())
        if maxNorm > 0, norm > maxNorm {
            let factor = maxNorm / norm
            for p in parameters { for i in 0..<p.count { p.grad[i] *= factor } }
        }
        return norm
    }

    public func update(learningRate: Float) {
        step += 1
        let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
        let stepSize = learningRate / correction1
        for (index, p) in parameters.enumerated() {
            // Take the moment arrays out so each is uniquely referenced while it is written.
            var (m, v) = moments[index]
            moments[index] = ([], [])
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    for i in 0..<p.count {
                        let g = p.grad[i]
                        m[i] = beta1 * m[i] + (1 - beta1) * g
                        v[i] = beta2 * v[i] + (1 - beta2) * g * g
                        p.value[i] -= stepSize * m[i] / ((v[i] / correction2).squareRoot() + epsilon)
                    }
                }
            }
            moments[index] = (m, v)
        }
    }

    /// Restores state saved from `moments` and `step`.
    public func restore(step: Int, moments: [(m: [Float], v: [Float])]) throws {
        guard moments.count == parameters.count,
              zip(moments, parameters).allSatisfy({ $0.m.count == $1.count && $0.v.count == $1.count }) else {
            throw RSRError(.model, "optimizer state does not match the network's parameters")
        }
        self.step = step
        self.moments = moments
    }
}
