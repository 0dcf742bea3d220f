/// MATLAB `imresize(x, scale, 'bicubic')` on float data: Keys cubic (a = -0.5), antialiased when
/// shrinking, symmetric borders, output size ceil(n * scale).
///
/// This is the degradation every SR paper uses to make LR images and the bicubic baseline they
/// compare against, so it must match MATLAB (checked against the numpy reference `srref`).
/// MATLAB resizes rows first; in exact arithmetic the order does not matter, so we run the pass that
/// gathers along x on the smaller image (results agree with MATLAB order to float rounding).
public enum Bicubic {
    /// MATLAB's output length for `count` samples resized by `scale`.
    public static func outputSize(_ count: Int, scale: Double) -> Int {
        Int((Double(count) * scale).rounded(.up))
    }

    /// Resizes each plane by `scale` (pass `1.0 / Double(s)` to shrink by s, as MATLAB's 1/s).
    /// src: planes x height x width; dst: planes x outputSize(height) x outputSize(width).
    /// `clamp`, when given, bounds the output (e.g. 0...1 for display); nil keeps MATLAB's unclamped result.
    public static func resize(
        _ src: UnsafePointer<Float>, width: Int, height: Int, planes: Int, scale: Double,
        into dst: UnsafeMutablePointer<Float>, clamp: ClosedRange<Float>? = nil
    ) {
        precondition(scale > 0 && scale.isFinite, "scale must be positive")
        let outWidth = outputSize(width, scale: scale), outHeight = outputSize(height, scale: scale)
        guard width > 0, height > 0, planes > 0, outWidth > 0, outHeight > 0 else { return }
        resize(src, planes: planes, columns: BicubicContributions(inputCount: width, outputCount: outWidth, scale: scale),
               rows: BicubicContributions(inputCount: height, outputCount: outHeight, scale: scale), into: dst, clamp: clamp)
    }

    /// Both passes over the tables of each axis. src: planes x rows.inputCount x columns.inputCount;
    /// dst: planes x rows.outputCount x columns.outputCount.
    static func resize(
        _ src: UnsafePointer<Float>, planes: Int, columns: BicubicContributions, rows: BicubicContributions,
        into dst: UnsafeMutablePointer<Float>, clamp: ClosedRange<Float>?
    ) {
        let (width, height) = (columns.inputCount, rows.inputCount)
        let (outWidth, outHeight) = (columns.outputCount, rows.outputCount)
        // The x pass gathers through an index table and costs about twice a y pass per tap.
        let verticalFirstCost = outHeight * width * rows.taps + 2 * outHeight * outWidth * columns.taps
        let horizontalFirstCost = 2 * height * outWidth * columns.taps + outHeight * outWidth * rows.taps
        if verticalFirstCost <= horizontalFirstCost {
            let middle = UnsafeMutablePointer<Float>.allocate(capacity: planes * outHeight * width)
            defer { middle.deallocate() }
            HugePages.advise(middle, byteCount: planes * outHeight * width * MemoryLayout<Float>.stride)
            verticalPass(src, width: width, planes: planes, table: rows, into: middle, clamp: nil)
            horizontalPass(middle, rows: planes * outHeight, table: columns, into: dst, clamp: clamp)
        } else {
            let middle = UnsafeMutablePointer<Float>.allocate(capacity: planes * height * outWidth)
            defer { middle.deallocate() }
            HugePages.advise(middle, byteCount: planes * height * outWidth * MemoryLayout<Float>.stride)
            horizontalPass(src, rows: planes * height, table: columns, into: middle, clamp: nil)
            verticalPass(middle, width: outWidth, planes: planes, table: rows, into: dst, clamp: clamp)
        }
    }

    /// Every plane of `image` resized by `scale`; unclamped unless `clamp` is given.
    public static func resize(_ image: FloatImage, scale: Double, clamp: ClosedRange<Float>? = nil)
        -> FloatImage
    {
        let outWidth = outputSize(image.width, scale: scale),
            outHeight = outputSize(image.height, scale: scale)
        let count = outWidth * outHeight * image.channels
        // Uninitialised: the resize writes every sample, and zero-filling first is a whole extra pass.
        let pixels = [Float](unsafeUninitializedCapacity: count) { dst, initialised in
            image.pixels.withUnsafeBufferPointer { src in
                if let source = src.baseAddress, let target = dst.baseAddress {
                    HugePages.advise(target, byteCount: count * MemoryLayout<Float>.stride)
                    resize(
                        source, width: image.width, height: image.height, planes: image.channels,
                        scale: scale, into: target, clamp: clamp)
                }
            }
            initialised = count
        }
        let result = FloatImage(width: outWidth, height: outHeight, channels: image.channels, pixels: pixels)
        return result
    }

    /// MATLAB `imresize(x, [height width], 'bicubic')`: every plane brought to exactly `width` x
    /// `height`. As MATLAB does for a given size, each axis has its own scale (output / input length),
    /// so the aspect may change; an axis that shrinks is antialiased. Unclamped unless `clamp` is given.
    public static func resize(_ image: FloatImage, width outWidth: Int, height outHeight: Int,
                              clamp: ClosedRange<Float>? = nil) -> FloatImage {
        precondition(outWidth >= 1 && outHeight >= 1 && image.width >= 1 && image.height >= 1)
        let columns = BicubicContributions(inputCount: image.width, outputCount: outWidth,
                                           scale: Double(outWidth) / Double(image.width))
        let rows = BicubicContributions(inputCount: image.height, outputCount: outHeight,
                                        scale: Double(outHeight) / Double(image.height))
        let count = outWidth * outHeight * image.channels
        let pixels = [Float](unsafeUninitializedCapacity: count) { dst, initialised in
            image.pixels.withUnsafeBufferPointer { src in
                if let source = src.baseAddress, let target = dst.baseAddress {
                    resize(source, planes: image.channels, columns: columns, rows: rows, into: target, clamp: clamp)
                }
            }
            initialised = count
        }
        return FloatImage(width: outWidth, height: outHeight, channels: image.channels, pixels: pixels)
    }
}
