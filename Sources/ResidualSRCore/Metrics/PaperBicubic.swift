/// The bicubic baseline exactly as the published tables made it (VDSR/DRCN `Bicubic.m`, srref
/// `bicubic_paper`): Y = uint8(rgb2ycbcr(modcrop(HR))) (a gray file is its own Y), LR = imresize(Y, 1/s)
/// kept in float, SR = imresize(LR, s) clipped to [16, 235] and rounded.
///
/// Only this pipeline reproduces Set5 33.66 / 30.39 / 28.42 and Set14 30.24 / 27.55 / 26.00;
/// measuring bicubic through 8-bit RGB (what a model gets) scores 0.002-0.015 dB lower.
public enum PaperBicubic {
    /// The SR and HR planes to score (before shaving). `hr`: 1 or 3 planes in [0, 1], any size.
    public static func planes(hr: FloatImage, scale: Int, gray: GrayConvention = .y, clip: Bool = true)
        -> (sr: MetricPlane, hr: MetricPlane)
    {
        let truth = groundTruthY(hr.modcropped(scale), gray: gray)
        return (degradeAndRestore(truth, scale: scale, clip: clip), truth)
    }

    /// uint8(rgb2ycbcr(hr)) Y, or the gray values themselves.
    public static func groundTruthY(_ hr: FloatImage, gray: GrayConvention = .y) -> MetricPlane {
        hr.channels < 3 && gray == .y ? hr.uint8Plane(0) : Luma.measuredPlane(hr, groundTruthIsGray: false)
    }

    /// Y shrunk by 1/scale and enlarged by scale in float, then clipped to [16, 235] (unless `clip`
    /// is false: SRCNN's variant) and rounded. `y`'s sides must be multiples of `scale`.
    public static func degradeAndRestore(_ y: MetricPlane, scale: Int, clip: Bool = true) -> MetricPlane {
        // Resized on the [0, 1] scale in Float; agrees with srref's float64 to ~1e-5 of a level.
        let image = FloatImage(
            width: y.width, height: y.height, channels: 1, pixels: y.samples.map { Float($0 / 255) })
        let up = Bicubic.resize(Bicubic.resize(image, scale: 1.0 / Double(scale)), scale: Double(scale))
        let samples = up.pixels.map { sample -> Double in
            let level = Double(sample) * 255
            return Quantize.uint8(clip ? min(max(level, 16), 235) : level)
        }
        return MetricPlane(width: up.width, height: up.height, samples: samples)
    }
}
