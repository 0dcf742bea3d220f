import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch
import ResidualSRServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP super-resolution API.",
        discussion: """
            Serves POST /v1/upscale, /v1/residual and /v1/jobs, plus /v1/models, /healthz, /readyz and \
            /metrics (see docs/api.md). Binds 127.0.0.1 unless told otherwise. SIGTERM or SIGINT stops \
            accepting connections and gives in-flight work --grace seconds before exiting.

            Examples:
              rsr serve
              rsr serve --host 0.0.0.0 --port 8080 --token-file /run/secrets/rsr-token
              rsr serve --concurrency 2 --queue 8 --timeout 30 --max-input-mpx 16
              curl --data-binary @photo.png 'http://127.0.0.1:8080/v1/upscale?scale=2' -o photo-x2.png
            """
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 picks a free one).") var port = 8080
    @Option(help: "Upscales running at once (default: number of cores).") var concurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)
    @Option(help: "Requests waiting for a slot before the server answers 503.") var queue = 16
    @Option(help: "Seconds a synchronous request may take, queueing included (504 past it).") var timeout: Double = 60
    @Option(help: "Seconds an asynchronous job may take, queueing included.") var jobTimeout: Double = 600
    @Option(help: "Largest request body, e.g. 50M.") var maxBody = ByteSize(50 * 1024 * 1024)
    @Option(help: "Largest input in megapixels, read from the header before decoding.") var maxInputMpx: Double = 40
    @Option(help: "Largest output in megapixels.") var maxOutputMpx: Double = 160
    @Option(help: "Directory for job results (default: a directory under the system temp dir).") var dataDir: String?
    @Option(help: "Seconds a finished job and its result are kept.") var jobTtl: Double = 3600
    @Option(help: "Total size of stored job results, e.g. 1G; the oldest go first.") var jobMaxBytes = ByteSize(1024 * 1024 * 1024)
    @Option(help: "Jobs accepted but unfinished before POST /v1/jobs answers 503.") var maxPendingJobs = 64
    @Option(help: "Memory for the content-hash result cache, e.g. 256M (0 disables it).") var cacheBytes = ByteSize(256 * 1024 * 1024)
    @Option(help: "File holding a bearer token that every route but /healthz and /readyz requires.") var tokenFile: String?
    @Option(help: "Seconds in-flight work gets to finish after SIGTERM/SIGINT.") var grace: Double = 30
    @Option(help: "Seconds from the first byte of a request to the end of its headers.") var headerTimeout: Double = 10
    @Option(help: "Longest pause in seconds while a request body is being sent.") var bodyTimeout: Double = 30
    @Option(help: "Seconds a whole request body may take to arrive.") var bodyTotalTimeout: Double = 300
    @Option(help: "Seconds an open connection may wait for its next request.") var idleTimeout: Double = 60
    @Option(help: "Open connections served normally; past it only /healthz and /readyz are.") var maxConnections = 256
    @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel = LogLevel.info
    @Option(help: "model (the shipped x2/x3/x4 models; RSR_MODELS names their folder) or bicubic.")
    var method = UpscaleMethod.model

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard queue >= 0 else { throw ValidationError("--queue must be 0 or more") }
        guard maxPendingJobs >= 1 else { throw ValidationError("--max-pending-jobs must be at least 1") }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        for (name, value) in [("--timeout", timeout), ("--job-timeout", jobTimeout), ("--job-ttl", jobTtl),
                              ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout),
                              ("--body-total-timeout", bodyTotalTimeout),
                              ("--idle-timeout", idleTimeout)] where !(value > 0) {
            throw ValidationError("\(name) must be a positive number of seconds")
        }
        guard grace >= 0 else { throw ValidationError("--grace must be 0 or more seconds") }
        guard maxInputMpx > 0, maxOutputMpx > 0 else { throw ValidationError("pixel limits must be positive") }
        guard maxBody.bytes > 0 else { throw ValidationError("--max-body must be positive") }
        if let tokenFile { _ = try ProcessBootstrap.readToken(path: tokenFile) }
    }

    /// Loads every shipped model once; requests share them (a model is read-only during inference).
    func makeEngine() throws -> LibraryEngine {
        guard method == .model else { return LibraryEngine() }
        let models = try ModelRegistry.loadShipped()
        guard !models.isEmpty else {
            throw ValidationError("no shipped models found (\(ModelRegistry.searchFolders().joined(separator: ", "))); "
                                  + "set RSR_MODELS or use --method bicubic")
        }
        let scales = models.keys.sorted()
        let description = scales.map { "x\($0): \(models[$0]!.source)" }.joined(separator: ", ")
        let loaded = models
        return LibraryEngine(model: ModelInfo(id: "rsr-residual", scales: scales, description: description)) { scale in
            guard let model = loaded[scale] else {
                throw RSRError(.invalidArgument, "no model for x\(scale); available: \(scales.map { "x\($0)" }.joined(separator: ", "))")
            }
            return model
        }
    }

    func run() async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.concurrency = concurrency
        configuration.queueLength = queue
        configuration.requestTimeout = .milliseconds(Int64(timeout * 1000))
        configuration.jobTimeout = .milliseconds(Int64(jobTimeout * 1000))
        configuration.maxBodyBytes = maxBody.bytes
        configuration.maxInputPixels = Int(maxInputMpx * 1_000_000)
        configuration.maxOutputPixels = Int(maxOutputMpx * 1_000_000)
        if let dataDir { configuration.dataDirectory = URL(fileURLWithPath: dataDir) }
        configuration.jobTTL = .milliseconds(Int64(jobTtl * 1000))
        configuration.jobMaxBytes = jobMaxBytes.bytes
        configuration.maxPendingJobs = maxPendingJobs
        configuration.cacheBytes = cacheBytes.bytes
        configuration.bearerToken = try tokenFile.map(ProcessBootstrap.readToken(path:))
        configuration.gracePeriod = .milliseconds(Int64(grace * 1000))
        configuration.headerTimeout = .milliseconds(Int64(headerTimeout * 1000))
        configuration.bodyTimeout = .milliseconds(Int64(bodyTimeout * 1000))
        configuration.bodyTotalTimeout = .milliseconds(Int64(bodyTotalTimeout * 1000))
        configuration.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        configuration.maxConnections = maxConnections

        let logger = try ProcessBootstrap.logger(levelName: logLevel.rawValue)
        let metrics = ServerMetrics()
        ProcessBootstrap.metrics(metrics)
        let server = try SuperResolutionServer(configuration: configuration, engine: try makeEngine(), logger: logger, metrics: metrics)
        logger.info("starting", metadata: [
            "version": .string(BuildInfo.version), "concurrency": .stringConvertible(concurrency),
            "queue": .stringConvertible(queue), "data_dir": .string(configuration.dataDirectory.path),
            "auth": .string(configuration.bearerToken == nil ? "off" : "bearer"),
        ])
        try await server.run()
        logger.info("stopped")
    }
}

/// A size option ("50M", "1G", "0"), parsed by the library's `ByteCount`.
struct ByteSize: ExpressibleByArgument {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        guard let bytes = try? ByteCount.parse(argument) else { return nil }
        self.bytes = bytes
    }

    var defaultValueDescription: String {
        for (suffix, size) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return String(bytes)
    }
}
