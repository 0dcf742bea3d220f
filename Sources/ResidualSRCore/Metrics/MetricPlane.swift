/// One channel on the 8-bit scale (0...255) in Double: what PSNR and SSIM are computed on.
/// samples: height x width, row-major.
public struct MetricPlane: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var samples: [Double]

    public init(width: Int, height: Int, samples: [Double]) {
        precondition(
            width >= 0 && height >= 0 && samples.count == width * height,
            "sample count does not match the shape")
        self.width = width
        self.height = height
        self.samples = samples
    }

    public subscript(y: Int, x: Int) -> Double {
        get { samples[y * width + x] }
        set { samples[y * width + x] = newValue }
    }

    /// The top-left `width` x `height` region.
    public func cropped(width: Int, height: Int) -> MetricPlane {
        precondition(width <= self.width && height <= self.height)
        var out = [Double]()
        out.reserveCapacity(width * height)
        for y in 0..<height { out += samples[(y * self.width)..<(y * self.width + width)] }
        return MetricPlane(width: width, height: height, samples: out)
    }

    /// `border` samples removed from every side (the papers' "shave"; empty if nothing is left).
    public func shaved(_ border: Int) -> MetricPlane {
        guard border > 0 else { return self }
        let newWidth = max(width - 2 * border, 0), newHeight = max(height - 2 * border, 0)
        var out = [Double]()
        out.reserveCapacity(newWidth * newHeight)
        for y in 0..<newHeight {
            let start = (y + border) * width + border
            out += samples[start..<(start + newWidth)]
        }
        return MetricPlane(width: newWidth, height: newHeight, samples: out)
    }

    /// Every sample as MATLAB's uint8() would store it.
    public func quantized() -> MetricPlane {
        MetricPlane(width: width, height: height, samples: samples.map(Quantize.uint8))
    }
}
