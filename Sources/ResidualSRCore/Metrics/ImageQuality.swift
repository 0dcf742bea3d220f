/// PSNR and SSIM of one image pair, measured as the SR papers do.
public struct QualityScore: Sendable, Equatable {
    public var psnr: Double
    public var ssim: Double

    public init(psnr: Double, ssim: Double) {
        self.psnr = psnr
        self.ssim = ssim
    }

    /// srref `psnr_y` / `ssim_y`: both images taken as 8-bit, the measured plane of each
    /// (`Luma.measuredPlane`), `shave` pixels cut from every border, PSNR with peak 255 and
    /// SSIM with L = 255. `sr` and `groundTruth` must have the same width and height.
    public static func measure(
        _ sr: FloatImage, against groundTruth: FloatImage, shave: Int,
        gray: GrayConvention = .y, roundY: Bool = true
    ) throws -> QualityScore {
        guard sr.width == groundTruth.width, sr.height == groundTruth.height else {
            throw RSRError(
                .invalidArgument,
                "output is \(sr.width)x\(sr.height) but the ground truth is "
                    + "\(groundTruth.width)x\(groundTruth.height)")
        }
        let grayTruth = groundTruth.channels < 3
        let a = Luma.measuredPlane(sr, groundTruthIsGray: grayTruth, gray: gray, roundY: roundY).shaved(shave)
        let b = Luma.measuredPlane(groundTruth, groundTruthIsGray: grayTruth, gray: gray, roundY: roundY)
            .shaved(shave)
        return try measure(a, against: b)
    }

    /// PSNR and SSIM of two planes already on the 0-255 scale and already shaved.
    public static func measure(_ a: MetricPlane, against b: MetricPlane) throws -> QualityScore {
        QualityScore(psnr: MetricPlane.psnr(a, b), ssim: try MetricPlane.ssim(a, b))
    }
}
