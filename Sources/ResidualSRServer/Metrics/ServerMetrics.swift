import Prometheus

/// The server's Prometheus metrics, in a registry of its own (not the process-global MetricsSystem) so
/// that several servers in one test process do not share counters. `GET /metrics` renders `registry`.

public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let inFlight: Gauge
    private let queued: Gauge
    private let megapixels: Counter

    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
    ]

    private var named: any NamedMetricRegistry { registry }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let named: any NamedMetricRegistry = registry
        inFlight = named.makeGauge(name: "rsr_work_in_flight", labels: [])
        queued = named.makeGauge(name: "rsr_work_queued", labels: [])
        megapixels = named.makeCounter(name: "rsr_output_megapixels_total", labels: [])
    }

    /// `route` is the matched route template, never the raw path, to keep label values bounded.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        named.makeCounter(
            name: "rsr_http_requests_total",
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        named.makeDurationHistogram(
            name: "rsr_http_request_duration_seconds", labels: [("route", route)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    func recordError(code: String) {
        named.makeCounter(name: "rsr_errors_total", labels: [("code", code)]).increment()
    }

    func recordCache(hit: Bool) {
        named.makeCounter(name: "rsr_cache_requests_total", labels: [("result", hit ? "hit" : "miss")]).increment()
    }

    func recordJobFinished(status: JobStatus) {
        named.makeCounter(name: "rsr_jobs_finished_total", labels: [("status", status.rawValue)]).increment()
    }

    func recordOutput(pixels: Int) {
        megapixels.increment(by: Double(pixels) / 1_000_000)
    }

    func recordWork(running: Int, queued: Int) {
        inFlight.set(to: Double(running))
        self.queued.set(to: Double(queued))
    }

    func render() -> String { registry.emitToString() }
}

/// The name-based registry API of swift-prometheus 2.0, the package's declared minimum. Later 2.x
/// releases deprecate it in favour of `MetricNameDescriptor`; calling it through this protocol keeps
/// it usable on every 2.x without a deprecation warning per call site.
private protocol NamedMetricRegistry {
    func makeCounter(name: String, labels: [(String, String)]) -> Counter
    func makeGauge(name: String, labels: [(String, String)]) -> Gauge
    func makeDurationHistogram(name: String, labels: [(String, String)], buckets: [Duration]) -> DurationHistogram
}

extension PrometheusCollectorRegistry: NamedMetricRegistry {}
