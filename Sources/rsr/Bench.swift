import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

/// `rsr bench`: PSNR/SSIM on a ground-truth set, measured exactly as the SR papers do.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Measure super-resolution quality (Y-channel PSNR/SSIM) on a folder of ground-truth images.",
        discussion: """
            Every ground-truth image is cropped to a multiple of the scale, shrunk with MATLAB's bicubic \
            imresize, enlarged again by the chosen method and scored on the BT.601 Y channel with `scale` \
            pixels shaved from each border (see docs/evaluation.md).

            Protocols: `paper` (the default for --method bicubic) resizes the rounded Y plane in float, clips to \
            [16,235] and rounds; it reproduces the published bicubic rows (Set5 x2/x3/x4 \
            33.66/30.39/28.42). `rgb` feeds the method an 8-bit RGB LR image and scores its 8-bit RGB \
            output, which is how a model is measured; it scores bicubic 0.002-0.015 dB lower. A model always uses `rgb`.

            Examples:
              rsr bench --dataset ../shared/data/val/set5 --scale 4                    # the shipped x4 model
              rsr bench --dataset ../shared/data/val/set5 --scale 2 --model runs/x2/best.safetensors
              rsr bench --dataset ../shared/data/val/set5 --scale 2 --ensemble        # self-ensemble row
              rsr bench --dataset ../shared/data/val/set14 --scale 2 --method bicubic --json
              rsr bench --dataset set5 --scale 3 --method bicubic --csv set5-x3.csv
              rsr bench --sr-dir results/set5-x4 --hr-dir ../shared/data/val/set5 --scale 4
              rsr bench --speed --size 512 --scale 2 --json                           # network and pipeline speed

            """
    )

    @OptionGroup var quality: QualityOptions
    @Flag(help: "Print one JSON object per image, then a summary object with a `mean` member.")
    var json = false
    @Option(
        help: ArgumentHelp(
            "Also write the per-image scores and the mean as CSV to this file.", valueName: "file"))
    var csv: String?

    @OptionGroup(title: "Speed") var speed: SpeedOptions

    func validate() throws {
        if speed.speed {
            try speed.validateSpeed(scale: quality.scale == nil ? nil : (quality.integerScale ?? 0))
        } else {
            try quality.validateQuality()
        }
    }

    func run() async throws {
        // Set here, not in validate(): validation only checks.
        if let threads = quality.threads { Parallelism.threads = threads }
        if speed.speed {
            try speed.run(scale: quality.integerScale ?? 2, model: quality.model, json: json)
        } else {
            try runQuality()
        }
    }

    private func runQuality() throws {
        let options = quality.benchmarkOptions
        let output = ReportPrinter(json: json)
        let load: (String) throws -> FloatImage = { try Image.decode(file: $0).floatImage() }
        let summary: BenchmarkSummary
        let dataset: String
        if let outputDirectory = quality.srDirectory, let truthDirectory = quality.hrDirectory {
            dataset = Self.folderName(truthDirectory)
            let truth = try Benchmark.imageFiles(in: truthDirectory)
            let outputs = try Benchmark.imageFiles(in: outputDirectory)
            output.header(dataset: dataset, scale: quality.scaleLabel, method: "outputs of \(outputDirectory)")
            summary = Benchmark.run(
                outputs: outputs, groundTruth: truth, options: options, load: load,
                report: output.image)
        } else {
            let directory = quality.dataset ?? ""
            dataset = Self.folderName(directory)
            let files = try Benchmark.imageFiles(in: directory)
            if let fraction = quality.fraction {
                let upscalers = try quality.makeUpscalers(for: fraction)
                output.header(dataset: dataset, scale: quality.scaleLabel, method: quality.methodDescription)
                summary = Benchmark.run(dataset: files, factor: fraction, options: options, load: load, report: output.image) {
                    low, width, height in
                    let pipeline = try UpscalePipeline(upscalers: upscalers, size: .exact(width: width, height: height))
                    return try pipeline.upscaleWhole(FloatImageSource(low)).color
                }
            } else {
                let method = try quality.makeMethod()
                output.header(dataset: dataset, scale: quality.scaleLabel, method: quality.methodDescription)
                summary = Benchmark.run(
                    dataset: files, method: method, options: options, load: load,
                    report: output.image)
            }
        }
        output.summary(
            summary, dataset: dataset, options: options, method: quality.methodName,
            protocolName: quality.protocolName, scale: quality.fraction?.factor)
        if let csv { try Self.writeCSV(summary, to: csv) }
        for name in summary.missing { Self.printError("no output for ground truth \(name)") }
        for failure in summary.failures { Self.printError(failure.description) }
        if !summary.failures.isEmpty || !summary.missing.isEmpty || summary.scores.isEmpty {
            throw ExitCode.failure
        }
    }

    static func folderName(_ directory: String) -> String {
        URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    /// Written whole to a temporary file and renamed, so an interrupted run never leaves half a CSV.
    static func writeCSV(_ summary: BenchmarkSummary, to path: String) throws {
        var text = "name,width,height,psnr,ssim,ms\n"
        func number(_ value: Double?) -> String { value.map { String(format: "%.6f", $0) } ?? "" }
        // RFC 4180: quote a name that contains a comma, quote or line break.
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        for score in summary.scores {
            text +=
                "\(field(score.name)),\(score.width),\(score.height),\(number(score.psnr)),"
                + "\(number(score.ssim)),\(number(score.milliseconds))\n"
        }
        text +=
            "mean,,,\(number(summary.meanPSNR)),\(number(summary.meanSSIM)),\(number(summary.meanMilliseconds))\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw RSRError(.io, "cannot write the CSV file", path: path)
        }
    }
}

/// The options of a quality run, kept together so other bench modes can sit beside them.
struct QualityOptions: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case model
        case bicubic
    }

    @Option(
        help: ArgumentHelp(
            "Folder of ground-truth (HR) images to degrade, upscale and score.", valueName: "dir"))
    var dataset: String?
    @Option(help: ArgumentHelp(
        "Upscaling factor (2, 3, 4, ...), or a fraction from 1 to 4 such as 2.5 (see docs/evaluation.md).",
        valueName: "factor"))
    var scale: Double?
    @Option(help: "How to upscale the degraded images: model (the shipped x<scale> model, or --model) or bicubic.")
    var method: Method = .model
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

    /// Not `validate()`: the parser would run that for `--speed` too, which needs no dataset.
    func validateQuality() throws {
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

    /// For a fraction: the model (or bicubic) of the next integer scale up, which the pipeline then
    /// shrinks to the exact size, as `rsr upscale --scale 2.5` does.
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

/// Prints scores as a table or as JSON lines.
struct ReportPrinter {
    let json: Bool

    func header(dataset: String, scale: String, method: String) {
        guard !json else { return }
        print("\(dataset) x\(scale), \(method)")
        print(
            pad("image", 24) + pad("size", 11, left: true) + pad("PSNR", 10, left: true)
                + pad("SSIM", 9, left: true) + pad("ms", 9, left: true))
    }

    func image(_ score: ImageScore) {
        if json {
            var object: [String: Any] = [
                "name": score.name, "width": score.width, "height": score.height,
                "psnr": jsonNumber(score.psnr), "ssim": jsonNumber(score.ssim),
            ]
            if let milliseconds = score.milliseconds { object["ms"] = jsonNumber(milliseconds) }
            if let note = score.note { object["note"] = note }
            printJSON(object)
        } else {
            print(
                pad(score.name, 24) + pad("\(score.width)x\(score.height)", 11, left: true)
                    + pad(String(format: "%.4f", score.psnr), 10, left: true)
                    + pad(String(format: "%.4f", score.ssim), 9, left: true)
                    + pad(score.milliseconds.map { String(format: "%.1f", $0) } ?? "-", 9, left: true))
            if let note = score.note { print("  note: \(note)") }
        }
    }

    /// `scale`: a fractional factor, reported instead of the options' integer one.
    func summary(
        _ summary: BenchmarkSummary, dataset: String, options: BenchmarkOptions, method: String,
        protocolName: String, scale: Double? = nil
    ) {
        if json {
            var mean: [String: Any] = [
                "psnr": jsonNumber(summary.meanPSNR), "ssim": jsonNumber(summary.meanSSIM),
            ]
            if let milliseconds = summary.meanMilliseconds { mean["ms"] = jsonNumber(milliseconds) }
            printJSON([
                "dataset": dataset, "scale": scale.map { $0 as Any } ?? options.scale, "method": method, "protocol": protocolName,
                "shave": options.effectiveShave, "gray": options.gray.rawValue, "roundY": options.roundY,
                "n": summary.scores.count, "failed": summary.failures.count,
                "missing": summary.missing.count, "mean": mean,
            ])
        } else if summary.scores.isEmpty {
            print("no image was scored")
        } else {
            print(
                pad("mean (\(summary.scores.count) images)", 35)
                    + pad(String(format: "%.4f", summary.meanPSNR), 10, left: true)
                    + pad(String(format: "%.4f", summary.meanSSIM), 9, left: true)
                    + pad(summary.meanMilliseconds.map { String(format: "%.1f", $0) } ?? "-", 9, left: true))
        }
    }

    /// JSON has no infinity: a perfect reconstruction's PSNR becomes null.
    private func jsonNumber(_ value: Double) -> Any { value.isFinite ? value : NSNull() }

    private func printJSON(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
            let text = String(data: data, encoding: .utf8)
        else { return }
        print(text)
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(width - text.count, 0))
        return left ? padding + text : text + padding
    }
}
