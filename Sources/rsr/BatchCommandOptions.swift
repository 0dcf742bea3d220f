import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

/// Which files, and which share of them (shared by `upscale` and `residual`).
struct InputSelectionOptions: ParsableArguments {
    @Argument(help: "Image files and/or folders (PNG, JPEG).")
    var inputs: [String]

    @Flag(help: "Descend into sub-folders and mirror the tree under the output folder.")
    var recursive = false

    @Option(name: .customLong("glob"), help: ArgumentHelp(
        "Only folder files matching this fnmatch pattern (repeatable; default *.png *.jpg *.jpeg *.webp *.tif *.tiff *.avif).",
        discussion: "A pattern without '/' matches the file name, one with '/' the path below the input folder."))
    var globs: [String] = []

    @Option(name: .customLong("exclude"), help: "Leave out files matching this fnmatch pattern (repeatable).")
    var excludes: [String] = []

    @Option(help: ArgumentHelp("Process only shard K of N (K counted from 0), e.g. 0/4.", valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp(
        "Shard count when the index comes from JOB_COMPLETION_INDEX (default: $RSR_SHARD_COUNT).", valueName: "N"))
    var shardCount: Int?

    func validate() throws {
        if let shard { _ = try Shard(parsing: shard) }
        if let shardCount, shardCount < 1 { throw ValidationError("--shard-count must be at least 1") }
    }

    var discovery: FileDiscovery { FileDiscovery(recursive: recursive, include: globs, exclude: excludes) }

    /// `--shard`, else the environment of a Kubernetes Indexed Job or SLURM array, else everything.
    func resolvedShard() throws -> Shard? {
        if let shard { return try Shard(parsing: shard) }
        return try Shard.fromEnvironment(ProcessInfo.processInfo.environment, countOverride: shardCount)
    }
}

/// How to upscale and how to run.
struct ProcessingOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Upscaling factor from 1 to 4 (default 2).",
        discussion: "2, 3 and 4 run the model of that scale; other factors (1.5, 2.5, ...) run the next model up, then shrink with MATLAB bicubic.",
        valueName: "factor"))
    var scale: Double?

    @Option(help: ArgumentHelp("Output width in pixels; the height keeps the aspect.", valueName: "pixels"))
    var width: Int?

    @Option(help: ArgumentHelp("Output height in pixels; the width keeps the aspect.", valueName: "pixels"))
    var height: Int?

    @Option(help: ArgumentHelp("Largest output with the input's aspect that fits inside WxH.", valueName: "WxH"))
    var fit: SizeBox?

    @Flag(help: "With --width and --height: exactly that size, aspect not kept.")
    var stretch = false

    @Option(help: "model (the residual network, default) or bicubic (MATLAB imresize).")
    var method = UpscaleMethod.model

    @Option(help: "Model file for --method model (default: the shipped rsr-x{scale}.safetensors).")
    var model: String?

    @Flag(help: "Self-ensemble: average the outputs over the 8 flips/rotations of the input (about +0.1 dB, 8x the time).")
    var ensemble = false

    @Option(help: ArgumentHelp("Memory budget that sets the tile size, e.g. 512M, 2G.", valueName: "size"))
    var maxMemory = "1G"

    @Option(help: ArgumentHelp("Tile side in input pixels (overrides --max-memory).", valueName: "pixels"))
    var tile: Int?

    @Option(help: "Tiles upscaled in parallel (default: the number of CPU cores).")
    var threads: Int?

    @Option(help: ArgumentHelp("Refuse inputs with more pixels than this.", valueName: "pixels"))
    var maxPixels = DecodeLimits.default.maxPixels

    @Flag(help: "Redo outputs that already exist (default: skip them, so a rerun resumes).")
    var overwrite = false

    @Flag(help: "List what would be written; write nothing.")
    var dryRun = false

    @Flag(help: "Stop at the first failed file.")
    var failFast = false

    @Flag(help: "One JSON object per file on stdout (path, output, input_size, output_size, ms, status, error).")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func validate() throws {
        if scale != nil && (width != nil || height != nil || fit != nil) {
            throw ValidationError("--scale and --width/--height/--fit exclude each other")
        }
        if fit != nil && (width != nil || height != nil) { throw ValidationError("--fit and --width/--height exclude each other") }
        if stretch && (width == nil || height == nil) { throw ValidationError("--stretch needs both --width and --height") }
        if width != nil && height != nil && !stretch {
            throw ValidationError("--width and --height together need --stretch (or --fit WxH to keep the aspect)")
        }
        // An input has at most --max-pixels, so its output at most 16 times that.
        let (outputPixels, overflow) = maxPixels.multipliedReportingOverflow(by: 16)
        do { try size.validate(maxPixels: overflow ? Int.max : outputPixels) } catch let error as RSRError {
            throw ValidationError(error.description)
        }
        if let tile, tile < 1 { throw ValidationError("--tile must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if maxPixels < 1 { throw ValidationError("--max-pixels must be at least 1") }
        if method == .bicubic && model != nil { throw ValidationError("--model goes with --method model") }
        do {
            guard try ByteCount.parse(maxMemory) > 0 else { throw ValidationError("--max-memory must be positive") }
        } catch let error as RSRError { throw ValidationError(error.description) }
    }

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    /// What the size options ask for.
    var size: OutputSize {
        if let fit { return .fit(width: fit.width, height: fit.height) }
        switch (width, height) {
        case let (width?, height?): return .exact(width: width, height: height)
        case let (width?, nil): return .width(width)
        case let (nil, height?): return .height(height)
        case (nil, nil): return .scale(scale ?? 2)
        }
    }

    /// The scale when it is an integer one (`--scale 3`), which is what residual maps need.
    var integerScale: Int? { size.integerScale }

    /// The run settings `upscale` and `residual` both hand to the batch runner.
    var batchOptions: BatchOptions {
        var options = BatchOptions()
        options.overwrite = overwrite
        options.dryRun = dryRun
        options.failFast = failFast
        return options
    }

    func pipeline() throws -> UpscalePipeline {
        Parallelism.threads = threadCount
        let budget = TilingBudget(bytes: try ByteCount.parse(maxMemory), threads: threadCount)
        return try UpscalePipeline(upscalers: try makeUpscalers(self), size: size, budget: budget, tileSize: tile)
    }
}

/// `WxH`, as `--fit` takes it.
struct SizeBox: ExpressibleByArgument {
    var width: Int
    var height: Int

    init?(argument: String) {
        guard let box = OutputSize.parseBox(argument) else { return nil }
        (width, height) = box
    }
}

/// The upscalers `--method` (and `--model`) ask for: the one of `--scale` when it is an integer,
/// otherwise every scale the size may need (the next model up for a factor; all shipped ones, or
/// the `--model` file, for an exact size, since the scale then depends on each input).
/// With `--ensemble`, each is wrapped in the 8-transform mean.
func makeUpscalers(_ options: ProcessingOptions) throws -> [any Upscaler] {
    let upscalers = try makePlainUpscalers(options)
    return options.ensemble ? upscalers.map { EnsembleUpscaler($0) } : upscalers
}

private func makePlainUpscalers(_ options: ProcessingOptions) throws -> [any Upscaler] {
    if let scale = options.integerScale {
        switch options.method {
        case .bicubic: return [try BicubicUpscaler(scale: scale)]
        case .model: return [try ModelRegistry.load(options.model, scale: scale)]
        }
    }
    var needed = ModelRegistry.scales
    if case .scale(let factor) = options.size { needed = [max(2, Int(factor.rounded(.up)))] }
    switch options.method {
    case .bicubic:
        return try needed.map { try BicubicUpscaler(scale: $0) }
    case .model:
        if let file = options.model { return [try SRModel(file: file)] }
        if needed.count == 1 { return [try ModelRegistry.load(nil, scale: needed[0])] }
        let shipped = try ModelRegistry.loadShipped()
        guard !shipped.isEmpty else { _ = try ModelRegistry.path(scale: needed[0]); return [] }
        return shipped.keys.sorted().compactMap { shipped[$0] }
    }
}

/// Residual-map options (`--residual DIR` on upscale; always on for `rsr residual`).
struct ResidualMapOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Half-width of the colour scale in 8-bit levels (default: the 99.5th percentile of |residual|).",
                               valueName: "levels"))
    var range: Double?

    @Option(help: ArgumentHelp("Also write the signed residual losslessly: png (16-bit, value = (sample - 32768) / 32768) or npy (float32).",
                               valueName: "png|npy"))
    var raw: ResidualOptions.Raw?

    @Option(help: ArgumentHelp("Folder of ground-truth HR images with the same names: adds HR - bicubic, SR - HR and PSNRs.",
                               valueName: "dir"))
    var hr: String?

    func validate() throws {
        if let range, !(range > 0) { throw ValidationError("--range must be positive") }
    }

    func options(folder: String, size: OutputSize, mirrorTree: Bool) -> ResidualOptions {
        ResidualOptions(folder: folder, size: size, range: range.map { Float($0 / 255) }, raw: raw, hrFolder: hr,
                        mirrorTree: mirrorTree)
    }
}

extension ResidualOptions.Raw: ExpressibleByArgument {}

/// Runs `jobs` with Ctrl-C wired to a clean stop, and turns the outcome into the exit status:
/// 0 when everything was done or skipped, 1 when any file failed, 130 when interrupted.
func runBatch(_ jobs: [BatchJob], pipeline: UpscalePipeline, options: BatchOptions, processing: ProcessingOptions) throws {
    if jobs.isEmpty && !processing.quiet {
        FileHandle.standardError.write(Data("no images to process (inputs are filtered by --glob, --exclude and --shard)\n".utf8))
    }
    let reporter = ProgressReporter(style: ProgressReporter.automaticStyle(json: processing.json, quiet: processing.quiet))
    let cancellation = CancellationFlag()
    let interrupt = InterruptHandler(notice: "discarding the current file", quiet: processing.quiet) { cancellation.cancel() }
    defer { interrupt.restore() }
    let runner = BatchRunner(pipeline: pipeline, io: CodecImageIO(limits: DecodeLimits(maxPixels: processing.maxPixels)),
                             options: options, reporter: reporter, cancellation: cancellation)
    let summary = runner.run(jobs)
    if interrupt.interrupted { throw ExitCode(130) }
    if summary.failed > 0 || summary.notStarted > 0 { throw ExitCode.failure }
}
