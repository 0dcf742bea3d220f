import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Tells the user how the run goes: a redrawn bar on a terminal, one plain line per file otherwise,
/// one JSON object per file on stdout with `--json`, errors only with `--quiet`. Thread-safe; the
/// pipeline reports from its encoder thread.
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable { case bar, lines, json, quiet }

    public let style: Style
    private let lock = NSLock()
    private let writeOut: @Sendable (String) -> Void
    private let writeErr: @Sendable (String) -> Void
    private let clock: @Sendable () -> Double
    private var total = 0
    private var started = 0.0
    private var summary = BatchSummary()
    private var barShown = false

    public init(style: Style, writeOut: @escaping @Sendable (String) -> Void = ProgressReporter.standardOutput,
                writeErr: @escaping @Sendable (String) -> Void = ProgressReporter.standardError,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSinceReferenceDate }) {
        self.style = style
        self.writeOut = writeOut
        self.writeErr = writeErr
        self.clock = clock
    }

    /// Bar on a terminal, plain lines when stderr is a file or pipe (logs, CI, Kubernetes).
    public static func automaticStyle(json: Bool, quiet: Bool) -> Style {
        if json { return .json }
        if quiet { return .quiet }
        return isatty(STDERR_FILENO) == 1 ? .bar : .lines
    }

    public func start(total: Int) {
        lock.withLock {
            self.total = total
            started = clock()
            if style == .bar { drawBar() }
        }
    }

    public func report(_ file: FileReport) {
        lock.withLock {
            summary.add(file)
            switch style {
            case .json:
                writeOut(file.jsonLine() + "\n")
            case .lines:
                writeErr(Self.line(for: file) + "\n")
            case .bar:
                if file.status == .failed { clearBar(); writeErr(Self.line(for: file) + "\n") }
                drawBar()
            case .quiet:
                if file.status == .failed { writeErr(Self.line(for: file) + "\n") }
            }
        }
    }

    /// Prints the summary (not with `--quiet` or `--json`, whose readers want only their lines) and returns it.
    @discardableResult
    public func finish() -> BatchSummary {
        lock.withLock {
            summary.seconds = clock() - started
            if style == .bar { clearBar() }
            if style == .bar || style == .lines { writeErr(summary.description + "\n") }
            return summary
        }
    }

    public func noteNotStarted(_ count: Int) {
        lock.withLock { summary.notStarted += max(0, count) }
    }

    public var currentSummary: BatchSummary { lock.withLock { summary } }

    static func line(for file: FileReport) -> String {
        let output = file.output ?? "-"
        switch file.status {
        case .done:
            let sizes = file.inputSize == nil ? "" :
                " (\(Self.size(file.inputSize)) -> \(Self.size(file.outputSize)), \(file.milliseconds ?? 0) ms)"
            return "done     \(file.path) -> \(output)\(sizes)"
        case .skipped: return "skipped  \(file.path): \(output) exists (--overwrite to redo)"
        case .failed: return "failed   \(file.error ?? file.path)"
        case .cancelled: return "cancelled \(file.path)"
        case .planned: return "would write \(output)  (from \(file.path))"
        }
    }

    private static func size(_ size: [Int]?) -> String {
        guard let size, size.count == 2 else { return "?" }
        return "\(size[0])x\(size[1])"
    }

    private func drawBar() {
        let finished = summary.done + summary.skipped + summary.failed + summary.cancelled + summary.planned
        let width = 24
        let filled = total > 0 ? width * finished / total : width
        let elapsed = clock() - started
        let rate = elapsed > 0 ? summary.inputMegapixels / elapsed : 0
        var eta = "--:--"
        if finished > 0, total > finished {
            let remaining = Int(elapsed / Double(finished) * Double(total - finished))
            eta = String(format: "%d:%02d", remaining / 60, remaining % 60)
        }
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        writeErr(String(format: "\r[%@] %d/%d  %.2f Mpx/s  ETA %@  (%d failed)\u{1B}[K", bar, finished, total, rate, eta,
                        summary.failed))
        barShown = true
    }

    private func clearBar() {
        if barShown { writeErr("\r\u{1B}[K") }
        barShown = false
    }

    public static let standardOutput: @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }
    public static let standardError: @Sendable (String) -> Void = { text in
        FileHandle.standardError.write(Data(text.utf8))
    }
}
