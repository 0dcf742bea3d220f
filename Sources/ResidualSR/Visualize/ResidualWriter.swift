import Foundation

/// Computes and writes the residual figures of one upscaled image.
public struct ResidualWriter: Sendable {
    public var options: ResidualOptions
    public var io: any BatchImageIO
    public var scale: Int

    public init(options: ResidualOptions, io: any BatchImageIO, scale: Int) {
        self.options = options
        self.io = io
        self.scale = scale
    }

    /// `upscaled`: the output's colour planes (1 or 3), unclamped floats as the upscaler made them.
    public func write(for file: InputFile, source: any UpscaleSource, upscaled: FloatImage) throws {
        let input = source.floatRegion(PixelRect(x: 0, y: 0, width: source.width, height: source.height),
                                       planes: 0..<source.colorPlanes)
        let hr = try options.hrPath(for: file).map { try loadHR($0, size: upscaled) }
        try FileManager.default.createDirectory(atPath: (paths(file).map as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let paths = self.paths(file)
        let figures = try ResidualFigureSet(input: input, upscaled: upscaled, hr: hr, scale: scale, range: options.range)
        try io.writeWhole(figures.map, bitDepth: 8, to: paths.map)
        try io.writeWhole(figures.strip, bitDepth: 8, to: paths.strip)
        if let raw = options.raw, let path = paths.raw {
            switch raw {
            case .png:
                try io.writeGray16(RawResidual.png16Samples(figures.residual), width: upscaled.width,
                                   height: upscaled.height, to: path)
            case .npy:
                try AtomicOutput.write(path) { temporary in
                    do { try RawResidual.npy(figures.residual).write(to: URL(fileURLWithPath: temporary)) } catch {
                        throw RSRError(.io, "cannot write: \(error.localizedDescription)", path: path)
                    }
                }
            }
        }
    }

    private func paths(_ file: InputFile) -> ResidualOptions.Paths { options.paths(for: file, scale: scale) }

    /// The HR image's colour planes, cropped to the SR size (HR sides that are not multiples of the
    /// scale are a few pixels larger; anything else is the wrong image).
    private func loadHR(_ path: String, size: FloatImage) throws -> FloatImage {
        let source = try io.decode(path)
        guard source.width >= size.width - scale + 1, source.height >= size.height - scale + 1,
              source.width <= size.width + scale, source.height <= size.height + scale else {
            throw RSRError(.invalidArgument, "HR image is \(source.width)x\(source.height), the upscaled one "
                + "\(size.width)x\(size.height): not its ground truth", path: path)
        }
        let width = min(source.width, size.width), height = min(source.height, size.height)
        return source.floatRegion(PixelRect(x: 0, y: 0, width: width, height: height), planes: 0..<source.colorPlanes)
    }
}

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
