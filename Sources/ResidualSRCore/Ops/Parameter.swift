/// A named, trainable float32 tensor and its gradient, owned by the layer that uses it.
public final class Parameter: @unchecked Sendable {
    public let name: String
    public let shape: [Int]
    public let count: Int
    public let value: UnsafeMutableBufferPointer<Float>
    public let grad: UnsafeMutableBufferPointer<Float>

    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
        count = shape.reduce(1, *)
        value = .allocate(capacity: count)
        value.initialize(repeating: 0)
        grad = .allocate(capacity: count)
        grad.initialize(repeating: 0)
    }

    deinit {
        value.deallocate()
        grad.deallocate()
    }

    public func zeroGrad() { grad.update(repeating: 0) }

    public func set(_ values: [Float]) {
        precondition(values.count == count, "\(name): \(values.count) values for \(count) elements")
        _ = value.update(from: values)
    }

    public var values: [Float] { Array(value) }
}
