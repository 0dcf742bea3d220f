import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// What happened to one input; one `--json` line.
public struct FileReport: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case done, skipped, failed, cancelled
        /// `--dry-run`: would have been processed.
        case planned
    }

    public var path: String
    public var output: String?
    public var status: Status
    /// [width, height]; absent when the file was never decoded.
    public var inputSize: [Int]?
    public var outputSize: [Int]?
    public var milliseconds: Int?
    public var error: String?

    public init(path: String, output: String?, status: Status, inputSize: [Int]? = nil, outputSize: [Int]? = nil,
                milliseconds: Int? = nil, error: String? = nil) {
        self.path = path
        self.output = output
        self.status = status
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.milliseconds = milliseconds
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case path, output, status, error
        case inputSize = "input_size"
        case outputSize = "output_size"
        case milliseconds = "ms"
    }

    public var inputMegapixels: Double {
        guard let size = inputSize, size.count == 2 else { return 0 }
        return Double(size[0] * size[1]) / 1e6
    }

    /// One line of JSON, keys sorted so the output diffs well.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Totals for the end of a run.
public struct BatchSummary: Sendable, Equatable {
    public var done = 0
    public var skipped = 0
    public var failed = 0
    public var cancelled = 0
    public var planned = 0
    /// Never reached: the run was cancelled or stopped by `--fail-fast` first.
    public var notStarted = 0
    public var seconds: Double = 0
    public var inputMegapixels: Double = 0

    public init() {}

    /// Files reported so far.
    public var files: Int { done + skipped + failed + cancelled + planned }

    public mutating func add(_ report: FileReport) {
        switch report.status {
        case .done: done += 1; inputMegapixels += report.inputMegapixels
        case .skipped: skipped += 1
        case .failed: failed += 1
        case .cancelled: cancelled += 1
        case .planned: planned += 1
        }
    }

    public var description: String {
        var parts = ["\(done) done", "\(skipped) skipped", "\(failed) failed"]
        if cancelled > 0 { parts.append("\(cancelled) cancelled") }
        if notStarted > 0 { parts.append("\(notStarted) not started") }
        if planned > 0 { parts.append("\(planned) planned (dry run)") }
        let rate = seconds > 0 && done > 0
            ? String(format: ", %.2f images/s, %.2f Mpx/s", Double(done) / seconds, inputMegapixels / seconds) : ""
        return parts.joined(separator: ", ") + String(format: " in %.1f s", seconds) + rate
    }
}
