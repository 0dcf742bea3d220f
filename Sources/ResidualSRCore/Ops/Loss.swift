/// Pixel losses, mean over all elements. `gradient` receives d(loss)/d(prediction).
public enum Loss: String, Sendable, CaseIterable, Codable {
    case l1
    case l2

    /// prediction, target, gradient [count]; returns the loss (accumulated in Double).
    public func evaluate(prediction: UnsafePointer<Float>, target: UnsafePointer<Float>,
                  gradient: UnsafeMutablePointer<Float>?, count: Int) -> Double {
        let inverse = 1 / Float(count)
        var total: Double = 0
        switch self {
        case .l1:
            for i in 0..<count {
                let d = prediction[i] - target[i]
                total += Double(abs(d))
                gradient?[i] = d > 0 ? inverse : (d < 0 ? -inverse : 0)
            }
        case .l2:
            for i in 0..<count {
                let d = prediction[i] - target[i]
                total += Double(d * d)
                gradient?[i] = 2 * d * inverse
            }
        }
        return total / Double(count)
    }
}
