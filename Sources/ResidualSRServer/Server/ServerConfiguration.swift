import Foundation

/// Everything `rsr serve` can be told; defaults are the documented ones (docs/api.md).
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest accepted request body.
    public var maxBodyBytes = 50 * 1024 * 1024
    /// Largest input, from the image header, checked before decoding.
    public var maxInputPixels = 40_000_000
    /// Largest output (input pixels x scale²).
    public var maxOutputPixels = 160_000_000
    /// Upscales running at once.
    public var concurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Requests waiting for a slot; beyond this the server answers 503.
    public var queueLength = 16
    /// Deadline for a synchronous request, queueing included (504 past it).
    public var requestTimeout: Duration = .seconds(60)
    /// Deadline for one asynchronous job, queueing included.
    public var jobTimeout: Duration = .seconds(600)
    /// Jobs accepted but not finished; beyond this POST /v1/jobs answers 503.
    public var maxPendingJobs = 64
    /// Where job results live; created if missing.
    public var dataDirectory: URL = FileManager.default.temporaryDirectory.appendingPathComponent("rsr-serve")
    /// How long a finished job and its result are kept.
    public var jobTTL: Duration = .seconds(3600)
    /// Total bytes of stored job results; the oldest are removed first.
    public var jobMaxBytes = 1024 * 1024 * 1024
    /// How often expired jobs are swept.
    public var sweepInterval: Duration = .seconds(30)
    /// Bytes of encoded results kept in the in-memory content-hash cache (0 disables it).
    public var cacheBytes = 256 * 1024 * 1024
    /// Required as `Authorization: Bearer <token>` on everything but the probes, when set.
    public var bearerToken: String?
    /// Time in-flight requests get to finish after SIGTERM/SIGINT.
    public var gracePeriod: Duration = .seconds(30)
    /// From the first byte of a request to the end of its head; the connection is closed past it.
    public var headerTimeout: Duration = .seconds(10)
    /// Longest pause while a request body is being sent.
    public var bodyTimeout: Duration = .seconds(30)
    /// Longest time for a whole request body (50 MB at 2 Mbit/s takes 200 s); the connection is closed past it.
    public var bodyTotalTimeout: Duration = .seconds(300)
    /// Longest wait for the next request on an open connection (and for the first one).
    public var idleTimeout: Duration = .seconds(60)
    /// Open connections served normally; past it only /healthz and /readyz are (up to
    /// `probeConnections` more), and then the server stops accepting until some close.
    public var maxConnections = 256
    public var probeConnections = 8

    public init() {}
}
