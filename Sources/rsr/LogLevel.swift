import ArgumentParser

/// `rsr serve --log-level`: swift-log's level names.
enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}
