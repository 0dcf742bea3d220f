/// A float32 NCHW tensor over one contiguous, 64-byte aligned buffer.
///
/// A class, not a struct: activations are large and are handed between layers and threads; value
/// semantics would mean silent copies. Kernels take `data` and the shape and work on raw memory.
public final class Tensor: @unchecked Sendable {
    public let batch: Int
    public let channels: Int
    public let height: Int
    public let width: Int
    public let count: Int
    public let data: UnsafeMutablePointer<Float>

    public init(batch: Int = 1, channels: Int, height: Int, width: Int, zeroed: Bool = true) {
        precondition(batch >= 0 && channels >= 0 && height >= 0 && width >= 0)
        self.batch = batch
        self.channels = channels
        self.height = height
        self.width = width
        count = batch * channels * height * width
        if count >= Tensor.pooledCount {
            data = ScratchPool.shared.take(count)
        } else {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
            data = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        }
        if zeroed { data.initialize(repeating: 0, count: count) }
    }

    /// Tensors of at least this many floats (8 MB; a 32-channel 512x512 activation is 32 MB) are recycled
    /// through `ScratchPool`: glibc maps each allocation above 32 MB afresh, so every network run at
    /// 512x512 page-faulted its ~120 MB of activations in again, 4 KB at a time.
    static let pooledCount = 2 << 20

    public convenience init(shapeOf other: Tensor, zeroed: Bool = true) {
        self.init(batch: other.batch, channels: other.channels, height: other.height, width: other.width,
                  zeroed: zeroed)
    }

    /// One image (`batch` 1) holding `image`'s planes.
    public convenience init(_ image: FloatImage) {
        self.init(batch: 1, channels: image.channels, height: image.height, width: image.width, zeroed: false)
        image.pixels.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: count) }
    }

    deinit {
        if count >= Tensor.pooledCount {
            ScratchPool.shared.give(data, count)
        } else {
            data.deallocate()
        }
    }

    public var planeSize: Int { height * width }
    public var imageSize: Int { channels * height * width }
    public var shape: [Int] { [batch, channels, height, width] }

    /// Start of image `n` in the batch.
    public func image(_ n: Int) -> UnsafeMutablePointer<Float> { data + n * imageSize }

    public subscript(n: Int, c: Int, y: Int, x: Int) -> Float {
        get { data[((n * channels + c) * height + y) * width + x] }
        set { data[((n * channels + c) * height + y) * width + x] = newValue }
    }

    public func zero() { data.update(repeating: 0, count: count) }

    public func copy() -> Tensor {
        let result = Tensor(shapeOf: self, zeroed: false)
        result.data.update(from: data, count: count)
        return result
    }

    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: data, count: count) }

    /// Image `n` as a `FloatImage`.
    public func floatImage(_ n: Int = 0) -> FloatImage {
        FloatImage(width: width, height: height, channels: channels,
                   pixels: Array(UnsafeBufferPointer(start: image(n), count: imageSize)))
    }
}
