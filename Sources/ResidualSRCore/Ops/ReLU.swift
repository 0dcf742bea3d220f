/// ReLU. The forward is fused into `Conv2D.forward(relu: true)`; these are the stand-alone forms.
enum ReLU {
    /// x [count] -> y [count]; may alias.
    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = max(x[i], 0) }
    }

    /// dx = dy where the forward output y > 0, else 0; dy and dx may alias.
    static func backward(output y: UnsafePointer<Float>, outputGrad dy: UnsafePointer<Float>,
                         inputGrad dx: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : 0 }
    }
}
