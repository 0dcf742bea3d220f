import Foundation
import ResidualSRCore
import ResidualSRBatch

/// Prints scores as a table or as JSON lines.
struct ReportPrinter {
    let json: Bool

    func header(dataset: String, scale: String, method: String) {
        guard !json else { return }
        print("\(dataset) x\(scale), \(method)")
        print(
            pad("image", 24) + pad("size", 11, left: true) + pad("PSNR", 10, left: true)
                + pad("SSIM", 9, left: true) + pad("ms", 9, left: true))
    }

    func image(_ score: ImageScore) {
        if json {
            var object: [String: Any] = [
                "name": score.name, "width": score.width, "height": score.height,
                "psnr": jsonNumber(score.psnr), "ssim": jsonNumber(score.ssim),
            ]
            if let milliseconds = score.milliseconds { object["ms"] = jsonNumber(milliseconds) }
            if let note = score.note { object["note"] = note }
            printJSON(object)
        } else {
            print(
                pad(score.name, 24) + pad("\(score.width)x\(score.height)", 11, left: true)
                    + pad(String(format: "%.4f", score.psnr), 10, left: true)
                    + pad(String(format: "%.4f", score.ssim), 9, left: true)
                    + pad(score.milliseconds.map { String(format: "%.1f", $0) } ?? "-", 9, left: true))
            if let note = score.note { print("  note: \(note)") }
        }
    }

    /// `scale`: a fractional factor, reported instead of the options' integer one.
    func summary(
        _ summary: BenchmarkSummary, dataset: String, options: BenchmarkOptions, method: String,
        protocolName: String, scale: Double? = nil
    ) {
        if json {
            var mean: [String: Any] = [
                "psnr": jsonNumber(summary.meanPSNR), "ssim": jsonNumber(summary.meanSSIM),
            ]
            if let milliseconds = summary.meanMilliseconds { mean["ms"] = jsonNumber(milliseconds) }
            printJSON([
                "dataset": dataset, "scale": scale.map { $0 as Any } ?? options.scale, "method": method, "protocol": protocolName,
                "shave": options.effectiveShave, "gray": options.gray.rawValue, "roundY": options.roundY,
                "n": summary.scores.count, "failed": summary.failures.count,
                "missing": summary.missing.count, "mean": mean,
            ])
        } else if summary.scores.isEmpty {
            print("no image was scored")
        } else {
            print(
                pad("mean (\(summary.scores.count) images)", 35)
                    + pad(String(format: "%.4f", summary.meanPSNR), 10, left: true)
                    + pad(String(format: "%.4f", summary.meanSSIM), 9, left: true)
                    + pad(summary.meanMilliseconds.map { String(format: "%.1f", $0) } ?? "-", 9, left: true))
        }
    }

    /// JSON has no infinity: a perfect reconstruction's PSNR becomes null.
    private func jsonNumber(_ value: Double) -> Any { value.isFinite ? value : NSNull() }

    private func printJSON(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
            let text = String(data: data, encoding: .utf8)
        else { return }
        print(text)
    }

    private func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(width - text.count, 0))
        return left ? padding + text : text + padding
    }
}
