import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// Linear warm-up, then cosine decay to `minimum` or step decay (halve every `stepEvery`).
public struct LearningRateSchedule: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case cosine, step, constant }
    public var kind: Kind = .cosine
    public var base: Float = 5e-4
    public var minimum: Float = 1e-6
    public var warmupSteps: Int = 200
    public var totalSteps: Int = 6000
    public var stepEvery: Int = 2000
    public var stepFactor: Float = 0.5

    public init() {}

    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return base * Float(step + 1) / Float(warmupSteps) }
        switch kind {
        case .constant:
            return base
        case .step:
            return base * pow(stepFactor, Float((step - warmupSteps) / max(1, stepEvery)))
        case .cosine:
            let span = max(1, totalSteps - warmupSteps)
            let t = min(1, Float(step - warmupSteps) / Float(span))
            return minimum + (base - minimum) * 0.5 * (1 + cos(Float.pi * t))
        }
    }
}
