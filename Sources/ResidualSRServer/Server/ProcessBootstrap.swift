import Foundation
import Logging
import Metrics
import Prometheus
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch

/// Process-wide setup that only an executable may do, once: logging and the global metrics backend.
public enum ProcessBootstrap {
    /// Logs go to stderr, one line per event with its metadata (request id, route, status, timing).
    /// `levelName`: trace, debug, info, notice, warning, error or critical.
    public static func logger(levelName: String) throws -> Logger {
        guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
            throw RSRError(.invalidArgument, "unknown log level '\(levelName)' (use trace, debug, info, notice, warning, error or critical)")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "rsr.serve")
        logger.logLevel = level
        return logger
    }

    /// Points swift-metrics at the server's registry, so that metrics recorded by libraries through the
    /// MetricsSystem API appear on the same /metrics page.
    public static func metrics(_ metrics: ServerMetrics) {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
    }

    /// The bearer token from a file: surrounding whitespace removed, must be non-empty.
    public static func readToken(path: String) throws -> String {
        let token = String(decoding: try RegularFile.read(path), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, token.utf8.allSatisfy({ (33...126).contains($0) }) else {
            throw RSRError(.invalidArgument, "the token must be one line of visible ASCII characters", path: path)
        }
        return token
    }
}
