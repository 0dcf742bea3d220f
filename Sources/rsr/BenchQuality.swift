import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

/// `rsr bench quality` (also plain `rsr bench`): PSNR/SSIM on a ground-truth set, measured exactly as
/// the SR papers do.
struct BenchQuality: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
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
              rsr bench speed --size 512 --scale 2 --json                            # network and pipeline speed

            """
    )

    @OptionGroup var quality: QualityOptions
    @Flag(help: "Print one JSON object per image, then a summary object with a `mean` member.")
    var json = false
    @Option(
        help: ArgumentHelp(
            "Also write the per-image scores and the mean as CSV to this file.", valueName: "file"))
    var csv: String?

    func run() async throws {
        if let threads = quality.threads { Parallelism.threads = threads }
        let options = quality.benchmarkOptions
        let output = ReportPrinter(json: json)
        let load: (String) throws -> FloatImage = { try Image.decode(file: $0).floatImage() }
        let summary: BenchmarkSummary
        let dataset: String
        if let outputDirectory = quality.srDirectory, let truthDirectory = quality.hrDirectory {
            dataset = Self.folderName(truthDirectory)
            let truth = try FileDiscovery.imageFiles(in: truthDirectory)
            let outputs = try FileDiscovery.imageFiles(in: outputDirectory)
            output.header(dataset: dataset, scale: quality.scaleLabel, method: "outputs of \(outputDirectory)")
            summary = Benchmark.run(
                outputs: outputs, groundTruth: truth, options: options, load: load,
                report: output.image)
        } else {
            let directory = quality.dataset ?? ""
            dataset = Self.folderName(directory)
            let files = try FileDiscovery.imageFiles(in: directory)
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
        for name in summary.missing { ErrorReport.print("no output for ground truth \(name)") }
        for failure in summary.failures { ErrorReport.print(failure.description) }
        if !summary.failures.isEmpty || !summary.missing.isEmpty || summary.scores.isEmpty {
            throw ExitCode.failure
        }
    }

    static func folderName(_ directory: String) -> String {
        URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
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

