import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Runs a list of files through decode -> upscale -> encode, the stages overlapped so that every core
/// stays busy on folders of small images: while file n is upscaled, file n+1 is decoded and the rows
/// of file n (and the end of file n-1) are encoded, on as many encoder threads as `threads`. Small
/// images are upscaled side by side, one core each (`ImageLanes`).
///
/// Memory is bounded by the queues between the stages: at most one decoded image waits for the
/// upscaler (plus the one being upscaled, or one small image per lane), and each file being encoded holds at most two bands of
/// output rows in flight.
/// Every output is written atomically by the `BatchImageIO` writer (temporary name, renamed when
/// complete); a failed or cancelled file leaves nothing behind.
public final class BatchRunner: @unchecked Sendable {
    public let pipeline: UpscalePipeline
    public let io: any BatchImageIO
    public let options: BatchOptions
    public let reporter: ProgressReporter
    /// Set from outside (Ctrl-C) to stop; the runner also sets it itself for `--fail-fast`.
    public let cancellation: CancellationFlag

    public init(pipeline: UpscalePipeline, io: any BatchImageIO, options: BatchOptions, reporter: ProgressReporter,
                cancellation: CancellationFlag = CancellationFlag()) {
        self.pipeline = pipeline
        self.io = io
        self.options = options
        self.reporter = reporter
        self.cancellation = cancellation
    }

    /// Processes `jobs` and returns the totals (also printed by the reporter). Never throws: per-file
    /// errors are reported and counted.
    public func run(_ jobs: [BatchJob]) -> BatchSummary {
        reporter.start(total: jobs.count)
        var pending: [BatchJob] = []
        var claimed: [String: String] = [:]
        for job in jobs {
            if let problem = conflict(job, claimed: claimed) {
                reporter.report(FileReport(path: job.file.path, output: job.output, status: .failed,
                                           error: RSRError(.invalidArgument, problem, path: job.file.path).description))
                continue
            }
            claimed[job.output] = job.file.path
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: job.output, isDirectory: &isFolder)
            if exists && isFolder.boolValue {
                // Neither done (a folder is no output) nor replaceable (rename(2) cannot put a file there).
                reporter.report(FileReport(path: job.file.path, output: job.output, status: .failed, error: RSRError(
                    .invalidArgument, "the output path \(job.output) is a folder", path: job.file.path).description))
            } else if !options.overwrite && exists {
                reporter.report(FileReport(path: job.file.path, output: job.output, status: .skipped))
            } else if options.dryRun {
                reporter.report(FileReport(path: job.file.path, output: job.output, status: .planned))
            } else {
                pending.append(job)
            }
        }
        // A previous run killed mid-file left its temporaries; remove them (only this run's names).
        if !options.dryRun { StaleTemporaries.sweep(outputs: jobs.map(\.output)) }
        if !pending.isEmpty {
            let reportedBefore = reporter.currentSummary.files
            process(pending)
            reporter.noteNotStarted(pending.count - (reporter.currentSummary.files - reportedBefore))
        }
        return reporter.finish()
    }

    /// Why `job` must not run: its output would replace its own input (`--name '{stem}.{ext}'` into
    /// the input folder) or another input's output.
    private func conflict(_ job: BatchJob, claimed: [String: String]) -> String? {
        let standardized = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        if standardized(job.output) == standardized(job.file.path) { return "the output \(job.output) would replace the input" }
        if let other = claimed[job.output] { return "same output as \(other)" }
        return nil
    }

    // MARK: - Stages

    private enum Decoded {
        /// `decodeSeconds`: counted in the file's time; its wait in the queue is not.
        case image(BatchJob, any UpscaleSource, decodeSeconds: Double)
        case failed(BatchJob, Error, started: Double)
    }

    /// One output file on its way to an encoder: its rows arrive through `rows` while the encoder
    /// writes them, so a large image never waits in memory whole.
    private final class OutputStream: @unchecked Sendable {
        enum Message {
            case rows(OutputRows)
            case end
            case failed(Error)
        }

        let job: BatchJob
        let layout: OutputLayout
        let inputSize: [Int]
        let started: Double
        /// Two bands: one being encoded, one ready; the upscaler works on the third.
        let rows = BoundedQueue<Message>(capacity: 2)

        init(job: BatchJob, layout: OutputLayout, inputSize: [Int], started: Double) {
            self.job = job
            self.layout = layout
            self.inputSize = inputSize
            self.started = started
        }
    }

    private enum Encode {
        case file(OutputStream)
        case failed(BatchJob, Error, inputSize: [Int]?, started: Double)
    }

    /// The encoder closed the stream (its write failed and it reported the file): stop upscaling it.
    private struct StreamClosed: Error {}

    /// PNG/JPEG compression costs more CPU than bicubic upscaling, so encoding runs on `encoders`
    /// threads, each owning whole files, while one thread decodes ahead and one upscales.
    private var encoders: Int { max(1, min(pipeline.budget.threads, 4)) }

    private func process(_ jobs: [BatchJob]) {
        let decoded = BoundedQueue<Decoded>(capacity: 1)
        let encode = BoundedQueue<Encode>(capacity: 1)
        var threads = [
            StageThread { [self] in decodeStage(jobs, into: decoded) },
            StageThread { [self] in upscaleStage(from: decoded, into: encode, files: jobs.count) },
        ]
        for _ in 0..<encoders { threads.append(StageThread { [self] in encodeStage(from: encode) }) }
        threads.forEach { $0.join() }
    }

    private func decodeStage(_ jobs: [BatchJob], into queue: BoundedQueue<Decoded>) {
        defer { queue.close() }
        for job in jobs {
            if cancellation.isCancelled { return }
            let started = now()
            do {
                let source = try io.decode(job.file.path)
                guard queue.push(.image(job, source, decodeSeconds: now() - started)) else { return }
            } catch {
                guard queue.push(.failed(job, error, started: started)) else { return }
            }
        }
    }

    /// Images of at most this many pixels run side by side, one core each (`ImageLanes`), when the run
    /// has more than one file; larger ones, and a lone image, get every core.
    static let sideBySidePixels = 256 * 256

    private func upscaleStage(from input: BoundedQueue<Decoded>, into output: BoundedQueue<Encode>, files: Int) {
        let lanes = files > 1 && pipeline.budget.threads > 1 ? ImageLanes(count: pipeline.budget.threads) : nil
        defer {
            lanes?.close()
            output.close()
        }
        while let item = input.pop() {
            // Files decoded ahead but not begun when the run is cancelled count as not started.
            if cancellation.isCancelled { continue }
            switch item {
            case let .failed(job, error, started):
                output.push(.failed(job, error, inputSize: nil, started: started))
            case let .image(job, source, decodeSeconds):
                let started = now() - decodeSeconds
                if let lanes, runsSideBySide(source) {
                    lanes.submit { [self] in upscale(job, source, started: started, output: output) }
                } else {
                    lanes?.waitUntilIdle()
                    upscale(job, source, started: started, output: output)
                }
            }
        }
    }

    /// Small, and run by an upscaler that would otherwise split each layer over the cores.
    private func runsSideBySide(_ source: any UpscaleSource) -> Bool {
        guard source.width * source.height <= Self.sideBySidePixels, let plan = try? pipeline.plan(for: source) else { return false }
        return plan.upscaler.usesAllCores
    }

    private func upscale(_ job: BatchJob, _ source: any UpscaleSource, started: Double, output: BoundedQueue<Encode>) {
        let inputSize = [source.width, source.height]
        var stream: OutputStream?
        do {
            let plan = try pipeline.plan(for: source)
            let layout = outputLayout(for: source, plan: plan, job: job)
            if let residual = options.residual {
                try residual.checkSize(width: layout.width, height: layout.height, path: job.file.path)
            }
            if options.writeUpscaled {
                let opened = OutputStream(job: job, layout: layout, inputSize: inputSize, started: started)
                stream = opened
                output.push(.file(opened))
            }
            let send = { (rows: OutputRows) throws in
                if let stream, !stream.rows.push(.rows(rows)) { throw StreamClosed() }
            }
            var colorBands: [FloatImage] = []
            if options.residual != nil {
                try pipeline.forEachBand(source, cancellation: cancellation) { band in
                    colorBands.append(band.color)
                    try send(band.fitted(toChannels: layout.channels).rows(bitDepth: layout.bitDepth))
                }
            } else {
                try pipeline.forEachRows(source, channels: layout.channels, bitDepth: layout.bitDepth,
                                         cancellation: cancellation, body: send)
            }
            if let residual = options.residual {
                let upscaled = FloatImage.concatenatingRows(colorBands)
                colorBands = []
                try ResidualWriter(options: residual, io: io)
                    .write(for: job.file, source: source, upscaled: upscaled)
            }
            if let stream {
                stream.rows.push(.end)
                stream.rows.close()
            } else {
                reporter.report(FileReport(path: job.file.path, output: job.output, status: .done, inputSize: inputSize,
                                           outputSize: [layout.width, layout.height], milliseconds: milliseconds(since: started)))
            }
        } catch is StreamClosed {
            return
        } catch {
            if let stream {
                stream.rows.push(.failed(error))
                stream.rows.close()
            } else {
                output.push(.failed(job, error, inputSize: inputSize, started: started))
            }
        }
    }

    private func outputLayout(for source: any UpscaleSource, plan: UpscalePipeline.Plan, job: BatchJob) -> OutputLayout {
        let format = options.format ?? Image.Format(pathExtension: job.output) ?? .png
        let (width, height) = (plan.width, plan.height)
        // Alpha the format cannot hold is flattened over white by the pipeline; the writer converts the rest.
        let channels = format.storesAlpha ? source.channels : source.colorPlanes
        let bitDepth = format.storedLayout(channels: channels, bitDepth: source.bitDepth).bitDepth
        return OutputLayout(width: width, height: height, channels: channels, bitDepth: bitDepth, format: format,
                            jpegQuality: options.jpegQuality, pngCompressionLevel: options.pngCompressionLevel,
                            iccProfile: source.iccProfile, pngColor: source.pngColor,
                            encodeOptions: options.encodeOptions, exif: (source as? Image)?.exif)
    }

    private func encodeStage(from queue: BoundedQueue<Encode>) {
        while let message = queue.pop() {
            switch message {
            case let .failed(job, error, inputSize, started):
                fail(job, error, inputSize: inputSize, started: started)
            case let .file(stream):
                encode(stream)
            }
        }
    }

    /// Writes one file from its stream; any failure discards it (the writer is atomic) and closes the
    /// stream so the upscaler stops working on it.
    private func encode(_ stream: OutputStream) {
        let job = stream.job
        var writer: (any BatchRowWriter)?
        do {
            try OutputFolder.create((job.output as NSString).deletingLastPathComponent)
            writer = try io.openWriter(job.output, layout: stream.layout)
            streaming: while true {
                switch stream.rows.pop() {
                case .rows(let rows)?:
                    try writer?.write(rows)
                case .end?:
                    break streaming
                case .failed(let error)?:
                    throw error
                case nil:
                    throw RSRError(.io, "output stream ended early", path: job.output)
                }
            }
            let finished = writer
            writer = nil
            try finished?.finish()
            reporter.report(FileReport(path: job.file.path, output: job.output, status: .done, inputSize: stream.inputSize,
                                       outputSize: [stream.layout.width, stream.layout.height],
                                       milliseconds: milliseconds(since: stream.started)))
        } catch {
            writer?.abort()
            stream.rows.close()
            fail(job, error, inputSize: stream.inputSize, started: stream.started)
        }
    }

    private func fail(_ job: BatchJob, _ error: Error, inputSize: [Int]?, started: Double) {
        let described = (error as? RSRError)?.at(job.file.path).description ?? "\(job.file.path): \(error)"
        let cancelled = (error as? RSRError)?.kind == .cancelled
        reporter.report(FileReport(path: job.file.path, output: job.output, status: cancelled ? .cancelled : .failed,
                                   inputSize: inputSize, milliseconds: milliseconds(since: started),
                                   error: cancelled ? nil : described))
        if options.failFast && !cancelled { cancellation.cancel() }
    }

    private func now() -> Double { Date().timeIntervalSinceReferenceDate }
    private func milliseconds(since start: Double) -> Int { Int(((now() - start) * 1000).rounded()) }
}
