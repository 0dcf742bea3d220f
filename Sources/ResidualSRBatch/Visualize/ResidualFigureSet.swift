import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// The residual planes and pictures of one image.
public struct ResidualFigureSet: Sendable {
    /// Luma of SR - bicubic (the network's contribution).
    public var residual: FloatImage
    public var range: Float
    public var map: FloatImage
    public var strip: FloatImage
    public var bicubicPSNR: Double?
    public var upscaledPSNR: Double?

    /// Strip panels are at most this many output pixels square: larger outputs show a centred 1:1 crop
    /// (downscaling would hide exactly the fine detail the residual is about, and keep the strip small).
    public static let stripSide = 1024

    /// `upscaled` may be any size the tool makes (an integer multiple of `input`, a factor such as 2.5,
    /// or an exact size): the bicubic it is compared with is MATLAB `imresize` of `input` to that size.
    public init(input: FloatImage, upscaled: FloatImage, hr: FloatImage?, range: Float?) throws {
        let scale = Self.integerScale(input: input, upscaled: upscaled)
        let bicubic = scale.map { Bicubic.resize(input, scale: Double($0)) }
            ?? Bicubic.resize(input, width: upscaled.width, height: upscaled.height)
        // Y-PSNR as the papers measure it (8-bit, studio-range Y, the scale rounded up shaved).
        let shave = scale ?? Int(max(Double(upscaled.width) / Double(input.width),
                                     Double(upscaled.height) / Double(input.height)).rounded(.up))
        residual = try Luminance.difference(upscaled, bicubic)
        var titles = [scale.map { "INPUT X\($0) NEAREST" } ?? "INPUT NEAREST", "BICUBIC", "SR"]
        var pictures = [bicubic, upscaled]
        var residuals = [residual]
        var residualTitles = ["SR-BICUBIC"]
        if let hr {
            let crop = PixelRect(x: 0, y: 0, width: hr.width, height: hr.height)
            let (sr, bic) = (upscaled.crop(crop), bicubic.crop(crop))
            bicubicPSNR = Self.psnrY(bic, hr, shave: shave)
            upscaledPSNR = Self.psnrY(sr, hr, shave: shave)
            titles[1] += " " + Self.format(bicubicPSNR ?? .nan)
            titles[2] += " " + Self.format(upscaledPSNR ?? .nan)
            titles.append("HR")
            pictures = [bic, sr, hr]
            residuals = [residual.crop(crop), try Luminance.difference(hr, bic), try Luminance.difference(sr, hr)]
            residualTitles += ["HR-BICUBIC", "SR-HR"]
        }
        self.range = range ?? ResidualRange.robust(residuals)
        map = ResidualFigures.map(residual, range: self.range)

        let window = Self.stripWindow(width: pictures[0].width, height: pictures[0].height, scale: scale ?? 1)
        let cropped = window.width < pictures[0].width || window.height < pictures[0].height
        if cropped { titles[0] += " (1:1 CROP)" }
        let nearest = ResidualFigures.nearest(input, width: upscaled.width, height: upscaled.height, window: window)
        let panels = [ResidualFigures.Panel(title: titles[0], image: nearest)]
            + zip(titles.dropFirst(), pictures).map { ResidualFigures.Panel(title: $0, image: $1.crop(window)) }
            + zip(residualTitles, residuals).map { ResidualFigures.Panel(title: $0, image: $1.crop(window), isResidual: true) }
        strip = ResidualFigures.strip(panels, range: self.range)
    }

    /// s when `upscaled` is exactly s times `input` on both sides (the model's own scale), else nil.
    static func integerScale(input: FloatImage, upscaled: FloatImage) -> Int? {
        guard upscaled.width % input.width == 0 else { return nil }
        let scale = upscaled.width / input.width
        return scale >= 1 && upscaled.height == input.height * scale ? scale : nil
    }

    /// The centred part of a `width` x `height` output the strip shows, aligned to the scale so that
    /// the nearest-neighbour input panel lines up pixel for pixel.
    static func stripWindow(width: Int, height: Int, scale: Int) -> PixelRect {
        func span(_ length: Int) -> (start: Int, length: Int) {
            guard length > stripSide else { return (0, length) }
            return ((length - stripSide) / 2 / scale * scale, stripSide)
        }
        let (x, w) = span(width), (y, h) = span(height)
        return PixelRect(x: x, y: y, width: w, height: h)
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
