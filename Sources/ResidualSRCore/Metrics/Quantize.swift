/// 8-bit quantisation the way MATLAB's uint8() does it, which is what every saved PNG and every
/// published score went through.
public enum Quantize {
    /// Round half away from zero, saturate to 0...255 (negative halves saturate to 0 anyway).
    @inline(__always)
    public static func uint8(_ value: Double) -> Double {
        min(max((value + 0.5).rounded(.down), 0), 255)
    }
}

extension FloatImage {
    /// The image as a PNG would store it: each [0, 1] sample snapped to the nearest of 256 levels.
    public func quantizedToUInt8() -> FloatImage {
        FloatImage(
            width: width, height: height, channels: channels,
            pixels: pixels.map { Float(Quantize.uint8(Double($0) * 255) / 255) })
    }

    /// Plane `channel` as 8-bit code values (0...255): uint8(x * 255).
    public func uint8Plane(_ channel: Int) -> MetricPlane {
        let start = channel * planeSize
        return MetricPlane(
            width: width, height: height,
            samples: pixels[start..<(start + planeSize)].map { Quantize.uint8(Double($0) * 255) })
    }
}
