import Foundation

/// The residual planes and pictures of one image.
public struct ResidualFigureSet: Sendable {
    /// Luma of SR - bicubic (the network's contribution).
    public var residual: FloatImage
    public var range: Float
    public var map: FloatImage
    public var strip: FloatImage
    public var bicubicPSNR: Double?
    public var upscaledPSNR: Double?

    public init(input: FloatImage, upscaled: FloatImage, hr: FloatImage?, scale: Int, range: Float?) throws {
        let bicubic = Bicubic.resize(input, scale: Double(scale))
        residual = try Luminance.difference(upscaled, bicubic)
        var panels = [
            ResidualFigures.Panel(title: "INPUT X\(scale) NEAREST", image: ResidualFigures.nearest(input, scale: scale)),
            ResidualFigures.Panel(title: "BICUBIC", image: bicubic),
            ResidualFigures.Panel(title: "SR", image: upscaled),
        ]
        var residuals = [residual]
        var residualPanels = [ResidualFigures.Panel(title: "SR-BICUBIC", image: residual, isResidual: true)]
        if let hr {
            let (width, height) = (hr.width, hr.height)
            let crop = PixelRect(x: 0, y: 0, width: width, height: height)
            let (sr, bic) = (upscaled.crop(crop), bicubic.crop(crop))
            let truth = try Luminance.difference(hr, bic), error = try Luminance.difference(sr, hr)
            // Y-PSNR as the papers measure it (8-bit, studio-range Y, `scale` pixels shaved).
            bicubicPSNR = Self.psnrY(bic, hr, shave: scale)
            upscaledPSNR = Self.psnrY(sr, hr, shave: scale)
            panels[1].title += " " + Self.format(bicubicPSNR ?? .nan)
            panels[2].title += " " + Self.format(upscaledPSNR ?? .nan)
            panels.append(ResidualFigures.Panel(title: "HR", image: hr))
            residuals += [truth, error]
            residualPanels += [ResidualFigures.Panel(title: "HR-BICUBIC", image: truth, isResidual: true),
                               ResidualFigures.Panel(title: "SR-HR", image: error, isResidual: true)]
        }
        self.range = range ?? ResidualRange.robust(residuals)
        map = ResidualFigures.map(residual, range: self.range)
        strip = ResidualFigures.strip(panels + residualPanels, range: self.range)
    }

    /// The PSNR half of `QualityScore.measure` (whose SSIM needs images of at least 11x11).
    static func psnrY(_ image: FloatImage, _ truth: FloatImage, shave: Int) -> Double {
        let gray = truth.channels < 3
        return MetricPlane.psnr(Luma.measuredPlane(image, groundTruthIsGray: gray).shaved(shave),
                                Luma.measuredPlane(truth, groundTruthIsGray: gray).shaved(shave))
    }

    /// "28.31 DB" ("INF DB" for identical images); the built-in font has capitals only.
    static func format(_ psnr: Double) -> String {
        psnr.isFinite ? String(format: "%.2f DB", psnr) : (psnr.isNaN ? "- DB" : "INF DB")
    }
}
