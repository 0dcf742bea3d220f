import Foundation

/// How an SR result is produced from a ground-truth image before it is scored.
public enum BenchmarkProtocol: String, Sendable, CaseIterable {
    /// Bicubic only: the published tables' pipeline (`PaperBicubic`).
    case paper
    /// What a model gets: LR = uint8(imresize(modcrop(HR), 1/s)) in RGB, SR = uint8(upscale(LR)), then Y.
    case rgb
}

/// The measurement settings shared by every way of benchmarking.
public struct BenchmarkOptions: Sendable {
    public var scale: Int
    /// Border pixels left out of the score; nil means `scale`, as in the papers.
    public var shave: Int?
    public var gray: GrayConvention
    /// Round Y to integers before scoring (MATLAB rgb2ycbcr on uint8); false is the BasicSR style.
    public var roundY: Bool

    public init(scale: Int, shave: Int? = nil, gray: GrayConvention = .y, roundY: Bool = true) {
        self.scale = scale
        self.shave = shave
        self.gray = gray
        self.roundY = roundY
    }

    public var effectiveShave: Int { shave ?? scale }
}

/// One scored image.
public struct ImageScore: Sendable {
    public var name: String
    /// Size of the (modcropped) ground truth that was scored.
    public var width: Int
    public var height: Int
    public var psnr: Double
    public var ssim: Double
    /// Time spent producing the SR image (nil when scoring existing outputs).
    public var milliseconds: Double?
    /// Something the reader should know, e.g. that the output was cropped to fit.
    public var note: String?

    public init(
        name: String, width: Int, height: Int, psnr: Double, ssim: Double,
        milliseconds: Double? = nil, note: String? = nil
    ) {
        (self.name, self.width, self.height, self.psnr, self.ssim) = (name, width, height, psnr, ssim)
        (self.milliseconds, self.note) = (milliseconds, note)
    }
}

/// Per-image scores plus the per-image mean, as the tables report it.
public struct BenchmarkSummary: Sendable {
    public var scores: [ImageScore] = []
    public var failures: [RSRError] = []
    /// Ground-truth images that had no output to score (`--sr-dir`).
    public var missing: [String] = []

    public init() {}

    public var meanPSNR: Double { mean(scores.map(\.psnr)) }
    public var meanSSIM: Double { mean(scores.map(\.ssim)) }
    public var meanMilliseconds: Double? {
        let times = scores.compactMap(\.milliseconds)
        return times.isEmpty ? nil : mean(times)
    }

    private func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}

/// Scores SR methods on a set of ground-truth images exactly as the SR papers do (see docs/evaluation.md).
public enum Benchmark {
    /// srref's `rgb` protocol with any upscaler: what a model is measured with.
    /// `groundTruth`: 1 or 3 planes in [0, 1] (extra alpha planes are dropped), any size.
    public static func measure(
        groundTruth: FloatImage, upscaler: any Upscaler, options: BenchmarkOptions
    ) throws -> (score: QualityScore, milliseconds: Double, size: (width: Int, height: Int)) {
        let scale = options.scale
        guard upscaler.scale == scale else {
            throw RSRError(
                .invalidArgument, "the upscaler enlarges x\(upscaler.scale), the benchmark is x\(scale)")
        }
        let truth = try colourPlanes(groundTruth).modcropped(scale)
        try checkLargeEnough(truth, options: options)
        let low = lowResolution(of: truth, scale: scale)
        // Upscalers take RGB; a gray LR is fed as R = G = B (srref `degrade --rgb`).
        let input = low.channels == 3 ? low : FloatImage.stacking([low, low, low])
        let start = ContinuousClock.now
        let output = try upscaler.upscale(input)
        let milliseconds = (ContinuousClock.now - start).milliseconds
        guard output.width == truth.width, output.height == truth.height else {
            throw RSRError(
                .model,
                "upscaler returned \(output.width)x\(output.height) for a "
                    + "\(input.width)x\(input.height) input at x\(scale)")
        }
        let score = try QualityScore.measure(
            output, against: truth, shave: options.effectiveShave,
            gray: options.gray, roundY: options.roundY)
        return (score, milliseconds, (truth.width, truth.height))
    }

    /// The published bicubic rows (`PaperBicubic`); the time is that of degrading and restoring Y.
    public static func measurePaperBicubic(
        groundTruth: FloatImage, options: BenchmarkOptions, clip: Bool = true
    ) throws -> (score: QualityScore, milliseconds: Double, size: (width: Int, height: Int)) {
        let truth = try colourPlanes(groundTruth).modcropped(options.scale)
        try checkLargeEnough(truth, options: options)
        let truthY = PaperBicubic.groundTruthY(truth, gray: options.gray)
        let start = ContinuousClock.now
        let sr = PaperBicubic.degradeAndRestore(truthY, scale: options.scale, clip: clip)
        let milliseconds = (ContinuousClock.now - start).milliseconds
        let shave = options.effectiveShave
        // Y is integer by construction here, so `roundY` does not apply.
        let score = try QualityScore.measure(sr.shaved(shave), against: truthY.shaved(shave))
        return (score, milliseconds, (truth.width, truth.height))
    }

    /// Scores an existing output against its ground truth (srref `eval`). The ground truth is
    /// modcropped; an output less than `scale` pixels off in either side is compared on the common
    /// top-left region (with a note), a bigger mismatch is an error.
    public static func measure(
        output: FloatImage, groundTruth: FloatImage, options: BenchmarkOptions
    ) throws -> (score: QualityScore, size: (width: Int, height: Int), note: String?) {
        let scale = options.scale
        var truth = try colourPlanes(groundTruth).modcropped(scale)
        var sr = try colourPlanes(output)
        var note: String?
        if sr.width != truth.width || sr.height != truth.height {
            let (dw, dh) = (sr.width - truth.width, sr.height - truth.height)
            guard abs(dw) < scale, abs(dh) < scale else {
                throw RSRError(
                    .invalidArgument,
                    "output is \(sr.width)x\(sr.height), the modcropped ground truth "
                        + "is \(truth.width)x\(truth.height): more than a modcrop apart")
            }
            let (width, height) = (min(sr.width, truth.width), min(sr.height, truth.height))
            note =
                "output is \(sr.width)x\(sr.height), modcropped ground truth is \(truth.width)x\(truth.height): "
                + "both cropped to \(width)x\(height) (top-left)"
            sr = sr.cropped(width: width, height: height)
            truth = truth.cropped(width: width, height: height)
        }
        try checkLargeEnough(truth, options: options)
        let score = try QualityScore.measure(
            sr, against: truth, shave: options.effectiveShave,
            gray: options.gray, roundY: options.roundY)
        return (score, (truth.width, truth.height), note)
    }

    /// How `run` produces the SR image of each ground truth.
    public enum Method: Sendable {
        /// The published bicubic rows (`BenchmarkProtocol.paper`).
        case paperBicubic
        /// `BenchmarkProtocol.rgb` with this upscaler (a model, or `BicubicUpscaler`).
        case upscaler(any Upscaler)
    }

    /// Scores every file of a dataset; a file that fails is recorded in `failures` and the rest go on.
    /// `load` decodes a file to [0, 1] planes; `report` sees each score as soon as it exists.
    public static func run(
        dataset files: [String], method: Method, options: BenchmarkOptions,
        load: (String) throws -> FloatImage, report: (ImageScore) -> Void = { _ in }
    ) -> BenchmarkSummary {
        scoreEach(files, load: load, report: report) { truth in
            switch method {
            case .paperBicubic: try measurePaperBicubic(groundTruth: truth, options: options)
            case .upscaler(let upscaler): try measure(groundTruth: truth, upscaler: upscaler, options: options)
            }
        }
    }

    /// Loads and scores every file; a file that fails is recorded in `failures` and the rest go on.
    static func scoreEach(
        _ files: [String], load: (String) throws -> FloatImage, report: (ImageScore) -> Void,
        measure: (FloatImage) throws -> (score: QualityScore, milliseconds: Double, size: (width: Int, height: Int))
    ) -> BenchmarkSummary {
        var summary = BenchmarkSummary()
        for file in files {
            do {
                let result = try measure(try load(file))
                let score = ImageScore(
                    name: stem(file), width: result.size.width, height: result.size.height,
                    psnr: result.score.psnr, ssim: result.score.ssim,
                    milliseconds: result.milliseconds)
                summary.scores.append(score)
                report(score)
            } catch let error as RSRError {
                summary.failures.append(error.at(file))
            } catch {
                summary.failures.append(RSRError(.io, "\(error)", path: file))
            }
        }
        return summary
    }

    /// Scores existing outputs (`--sr-dir`) against the ground truths they match by name.
    public static func run(
        outputs: [String], groundTruth: [String], options: BenchmarkOptions,
        load: (String) throws -> FloatImage, report: (ImageScore) -> Void = { _ in }
    ) -> BenchmarkSummary {
        let (pairs, missing) = matchOutputs(groundTruth: groundTruth, outputs: outputs)
        var summary = BenchmarkSummary()
        summary.missing = missing
        for pair in pairs {
            do {
                let truth = try loadAttributed(pair.groundTruth, load)
                let output = try loadAttributed(pair.output, load)
                let result = try measure(output: output, groundTruth: truth, options: options)
                let score = ImageScore(
                    name: stem(pair.output), width: result.size.width, height: result.size.height,
                    psnr: result.score.psnr, ssim: result.score.ssim, milliseconds: nil,
                    note: result.note)
                summary.scores.append(score)
                report(score)
            } catch let error as RSRError {
                summary.failures.append(error.at(pair.output))
            } catch {
                summary.failures.append(RSRError(.io, "\(error)", path: pair.output))
            }
        }
        return summary
    }

    private static func loadAttributed(_ file: String, _ load: (String) throws -> FloatImage) throws
        -> FloatImage
    {
        do { return try load(file) } catch let error as RSRError { throw error.at(file) } catch {
            throw RSRError(.io, "\(error)", path: file)
        }
    }

    /// Pairs outputs with ground-truth files by file stem (srref `_match`): an exact stem, or else
    /// the single output named `stem_…`, `stem-…` or `…_stem` (e.g. img_001_x2.png, x2_img_001.png).
    public static func matchOutputs(groundTruth: [String], outputs: [String])
        -> (pairs: [(output: String, groundTruth: String)], missing: [String])
    {
        var byStem: [String: String] = [:]
        for file in outputs { byStem[stem(file)] = file }
        var pairs: [(output: String, groundTruth: String)] = []
        var missing: [String] = []
        for file in groundTruth {
            let name = stem(file)
            if let exact = byStem[name] {
                pairs.append((exact, file))
                continue
            }
            let candidates = byStem.filter { key, _ in
                key.hasPrefix(name + "_") || key.hasPrefix(name + "-") || key.hasSuffix("_" + name)
            }
            if candidates.count == 1, let only = candidates.first {
                pairs.append((only.value, file))
            } else {
                missing.append(name)
            }
        }
        return (pairs, missing)
    }

    /// File name without folder and extension.
    public static func stem(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// The LR input of the protocol: uint8(imresize(HR, 1/s)) of a modcropped HR image. Training makes
    /// its inputs with this too, so train and test degrade images the same way.
    public static func lowResolution(of modcroppedTruth: FloatImage, scale: Int) -> FloatImage {
        Bicubic.resize(modcroppedTruth, scale: 1.0 / Double(scale)).quantizedToUInt8()
    }

    /// RGB or gray planes without alpha.
    static func colourPlanes(_ image: FloatImage) throws -> FloatImage {
        switch image.channels {
        case 1, 3: return image
        case 2: return image.planes(0..<1)
        case 4: return image.planes(0..<3)
        default: throw RSRError(.unsupported, "\(image.channels)-channel images cannot be scored")
        }
    }

    /// The score needs at least one SSIM window after shaving, and an LR image of at least 1x1.
    static func checkLargeEnough(_ truth: FloatImage, options: BenchmarkOptions) throws {
        let needed = 11 + 2 * options.effectiveShave
        guard truth.width >= max(needed, options.scale), truth.height >= max(needed, options.scale) else {
            throw RSRError(
                .invalidArgument,
                "\(truth.width)x\(truth.height) after modcrop is too small to score "
                    + "(needs \(needed)x\(needed): an 11x11 SSIM window plus the \(options.effectiveShave)-pixel shave)"
            )
        }
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
