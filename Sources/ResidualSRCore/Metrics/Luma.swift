/// How a 1-channel ground truth is measured.
public enum GrayConvention: String, Sendable, CaseIterable {
    /// The gray values are the Y plane (the published tables: MATLAB code does `if size(im,3)==1, Y = im`);
    /// a colour output is compared through (Y - 16) * 255/219, which equals the gray value when R = G = B.
    case y
    /// The gray file is taken as R = G = B and converted like every colour image.
    case rgb
}

/// BT.601 luma as MATLAB's rgb2ycbcr computes it: the plane every SR paper scores.
public enum Luma {
    /// Y in [16, 235] for R, G, B in [0, 255].
    @inline(__always)
    public static func bt601(red: Double, green: Double, blue: Double) -> Double {
        16.0 + (65.481 * red + 128.553 * green + 24.966 * blue) / 255.0
    }

    /// Y of a 1-channel image taken as R = G = B.
    @inline(__always)
    static func bt601(gray: Double) -> Double {
        16.0 + (65.481 + 128.553 + 24.966) * gray / 255.0
    }

    /// The plane that is measured (srref `y_channel`), on the 0-255 scale.
    /// `image`: 1 or 3 (or more; extras ignored) planes in [0, 1], taken as 8-bit (each sample is
    /// snapped to uint8 first). `groundTruthIsGray`: whether the reference image of the pair has one channel.
    /// `roundY`: round Y to integers as rgb2ycbcr does on uint8 images (the MATLAB scripts; default).
    public static func measuredPlane(
        _ image: FloatImage, groundTruthIsGray: Bool, gray: GrayConvention = .y, roundY: Bool = true
    ) -> MetricPlane {
        var plane: MetricPlane
        let grayAsY = groundTruthIsGray && gray == .y
        if image.channels < 3 {
            plane = image.uint8Plane(0)
            if !grayAsY { plane.samples = plane.samples.map { bt601(gray: $0) } }
        } else {
            let (red, green, blue) = (image.uint8Plane(0), image.uint8Plane(1), image.uint8Plane(2))
            plane = red
            for i in plane.samples.indices {
                let y = bt601(red: red.samples[i], green: green.samples[i], blue: blue.samples[i])
                plane.samples[i] = grayAsY ? (y - 16.0) * 255.0 / 219.0 : y
            }
        }
        return roundY ? plane.quantized() : plane
    }
}
