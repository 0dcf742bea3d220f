import ArgumentParser
import ResidualSRCore
import ResidualSRInference
import ResidualSRBatch

/// The options of `rsr bench quality`.
struct QualityOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Folder of ground-truth (HR) images to degrade, upscale and score.", valueName: "dir"))
    var dataset: String?
    @Option(help: ArgumentHelp(
        "Upscaling factor (2, 3, 4, ...), or a fraction from 1 to 4 such as 2.5 (see docs/evaluation.md).",
        valueName: "factor"))
    var scale: Double?
    @Option(help: "How to upscale the degraded images: model (the shipped x<scale> model, or --model) or bicubic.")
    var method = UpscaleMethod.model
    @Option(help: ArgumentHelp("Model file to measure (default: the shipped model for --scale).", valueName: "file"))
    var model: String?
    @Flag(help: "Self-ensemble: score the mean over the 8 flips/rotations of each input (rgb protocol; a row of its own).")
    var ensemble = false
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?
    @Option(
        name: .customLong("protocol"),
        help:
            "paper (bicubic default: reproduces the published rows) or rgb (8-bit RGB in and out, as a model is measured)."
    )
    var benchmarkProtocol: BenchmarkProtocol?
    @Option(
        name: .customLong("sr-dir"),
        help: ArgumentHelp(
            "Score existing outputs from this folder (matched to --hr-dir by file name; suffixes like _x4 are fine).",
            valueName: "dir"))
    var srDirectory: String?
    @Option(name: .customLong("hr-dir"), help: ArgumentHelp("Ground truth for --sr-dir.", valueName: "dir"))
    var hrDirectory: String?
    @Option(help: "Border pixels left out of the score (default: the scale).")
    var shave: Int?
    @Option(
        help:
            "1-channel ground truth: y (its values are Y, the published convention) or rgb (taken as R=G=B).")
    var gray: GrayConvention = .y
    @Flag(
        name: .customLong("float-y"),
        help: "Keep Y unrounded (BasicSR style) instead of rounding it like MATLAB.")
    var floatY = false

    func validate() throws {
        guard let factor = scale else { throw ValidationError("--scale is required") }
        guard let scale = integerScale else {
            guard (1...4).contains(factor), FractionalScale(factor) != nil else {
                throw ValidationError("a fractional --scale must be from 1 to 4 with a denominator up to 100 (such as 2.5), not \(factor)")
            }
            if srDirectory != nil || hrDirectory != nil { throw ValidationError("--sr-dir scores integer scales only") }
            if benchmarkProtocol == .paper { throw ValidationError("--protocol paper is for integer scales; a fraction uses rgb") }
            if model != nil, method == .bicubic { throw ValidationError("--model and --method bicubic exclude each other") }
            if let shave, shave < 0 { throw ValidationError("--shave must not be negative") }
            if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
            if dataset == nil { throw ValidationError("give --dataset DIR") }
            return
        }
        guard (1...16).contains(scale) else { throw ValidationError("--scale must be between 1 and 16") }
        if let shave, shave < 0 { throw ValidationError("--shave must not be negative") }
        switch (dataset, srDirectory, hrDirectory) {
        case (.some, nil, nil): break
        case (nil, .some, .some): break
        case (nil, .some, nil), (nil, nil, .some): throw ValidationError("--sr-dir and --hr-dir go together")
        case (nil, nil, nil): throw ValidationError("give --dataset DIR, or --sr-dir DIR with --hr-dir DIR")
        default: throw ValidationError("use either --dataset or --sr-dir/--hr-dir, not both")
        }
        if ensemble, srDirectory != nil || effectiveProtocol == .paper {
            throw ValidationError("--ensemble needs a method run on the rgb protocol (not --sr-dir, not --protocol paper)")
        }
        if srDirectory != nil, benchmarkProtocol != nil {
            throw ValidationError("--protocol does not apply to --sr-dir: the outputs are scored as they are")
        }
        if model != nil, method == .bicubic { throw ValidationError("--model and --method bicubic exclude each other") }
        if method == .model {
            guard (2...4).contains(scale) else { throw ValidationError("models exist for --scale 2, 3 and 4") }
            if benchmarkProtocol == .paper {
                throw ValidationError("a model is always measured with --protocol rgb (8-bit RGB in and out)")
            }
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// `--scale` when it is an integer.
    var integerScale: Int? { scale.flatMap { $0 == $0.rounded() && abs($0) < 1e6 ? Int($0) : nil } }
    /// `2`, `2.5`: as printed.
    var scaleLabel: String { integerScale.map(String.init) ?? scale.map { String($0) } ?? "2" }
    /// `--scale` when it is not.
    var fraction: FractionalScale? { integerScale == nil ? scale.flatMap(FractionalScale.init) : nil }

    var benchmarkOptions: BenchmarkOptions {
        BenchmarkOptions(scale: integerScale ?? fraction?.ceiling ?? 2, shave: shave, gray: gray, roundY: !floatY)
    }

    /// For a fraction: the model of the next integer scale up, which the pipeline then shrinks to the
    /// exact size, as `rsr upscale --scale 2.5` does (bicubic resizes to it in one step).
    func makeUpscalers(for fraction: FractionalScale) throws -> [any Upscaler] {
        let scale = max(2, fraction.ceiling)
        let upscaler: any Upscaler
        switch method {
        case .model: upscaler = try model.map { try SRModel(file: $0) } ?? ModelRegistry.load(nil, scale: scale)
        case .bicubic: upscaler = try BicubicUpscaler(scale: scale)
        }
        return [ensemble ? EnsembleUpscaler(upscaler) : upscaler]
    }

    /// What produces the SR images. A model always uses the rgb protocol.
    func makeMethod() throws -> Benchmark.Method {
        let upscaler: any Upscaler
        switch method {
        case .model:
            upscaler = try ModelRegistry.load(model, scale: integerScale ?? 2)
        case .bicubic:
            if effectiveProtocol == .paper { return .paperBicubic }
            upscaler = try BicubicUpscaler(scale: integerScale ?? 2)
        }
        return .upscaler(ensemble ? EnsembleUpscaler(upscaler) : upscaler)
    }

    var effectiveProtocol: BenchmarkProtocol {
        switch method {
        case .model: .rgb
        case .bicubic: benchmarkProtocol ?? (fraction == nil ? .paper : .rgb)
        }
    }

    var protocolName: String { srDirectory != nil ? "outputs" : effectiveProtocol.rawValue }
    var methodName: String { srDirectory != nil ? "outputs" : method.rawValue + (ensemble ? "+ensemble" : "") }
    var methodDescription: String {
        let name = method == .model ? "model \(model ?? ModelRegistry.fileName(scale: max(2, integerScale ?? fraction?.ceiling ?? 2)))" : method.rawValue
        return "\(name)\(ensemble ? " + self-ensemble (8 flips/rotations)" : ""), \(effectiveProtocol.rawValue) protocol"
    }
}

extension BenchmarkProtocol: ExpressibleByArgument {}
extension GrayConvention: ExpressibleByArgument {}

