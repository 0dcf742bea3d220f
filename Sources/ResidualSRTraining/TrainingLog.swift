import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// The run's CSV log (one row per logged step) and an SVG of its curves, rewritten after each row.
final class TrainingLog {
    struct Row {
        var step: Int
        var loss: Double
        var rate: Float
        var validation: [String: Double]
        var imagesPerSecond: Double
        var gflops: Double
    }

    let csvPath: String
    let svgPath: String
    private(set) var rows: [Row] = []
    private var validationNames: [String] = []

    /// Continues an existing log, dropping rows past `resumeAt` (they belong to a run that was not saved).
    init(csv: String, svg: String, resumeAt step: Int) throws {
        csvPath = csv
        svgPath = svg
        guard step > 0, let text = try? String(contentsOfFile: csv, encoding: .utf8) else { return }
        var lines = text.split(separator: "\n").map(String.init)
        guard !lines.isEmpty else { return }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        validationNames = header.filter { $0.hasPrefix("psnr_") }.map { String($0.dropFirst(5)) }
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count, let rowStep = Int(fields[0]), rowStep <= step else { continue }
            var validation: [String: Double] = [:]
            for (name, field) in zip(header, fields) where name.hasPrefix("psnr_") {
                if let value = Double(field) { validation[String(name.dropFirst(5))] = value }
            }
            rows.append(Row(step: rowStep, loss: Double(fields[1]) ?? .nan, rate: Float(fields[2]) ?? 0,
                            validation: validation, imagesPerSecond: Double(fields[fields.count - 2]) ?? 0,
                            gflops: Double(fields[fields.count - 1]) ?? 0))
        }
    }

    func append(step: Int, loss: Double, rate: Float, validation: [String: Double], imagesPerSecond: Double, gflops: Double) {
        for name in validation.keys.sorted() where !validationNames.contains(name) { validationNames.append(name) }
        rows.append(Row(step: step, loss: loss, rate: rate, validation: validation, imagesPerSecond: imagesPerSecond, gflops: gflops))
        var csv = "step,loss,lr," + validationNames.map { "psnr_" + $0 }.joined(separator: ",")
            + (validationNames.isEmpty ? "" : ",") + "images_per_s,gflops\n"
        for row in rows {
            var fields = [String(row.step), row.loss.isNaN ? "" : String(format: "%.6f", row.loss), String(format: "%.3e", row.rate)]
            fields += validationNames.map { row.validation[$0].map { String(format: "%.4f", $0) } ?? "" }
            fields += [String(format: "%.1f", row.imagesPerSecond), String(format: "%.1f", row.gflops)]
            csv += fields.joined(separator: ",") + "\n"
        }
        try? AtomicFile.write(Array(csv.utf8), to: csvPath)
        try? AtomicFile.write(Array(svg().utf8), to: svgPath)
    }

    /// Two panels: training loss (log scale) and validation PSNR, against steps.
    func svg() -> String {
        let width = 900.0, panelHeight = 260.0, left = 70.0, right = 20.0, top = 30.0
        let maxStep = Double(max(1, rows.map(\.step).max() ?? 1))
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(2 * panelHeight + 60))\" "
            + "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        func panel(_ index: Int, title: String, series: [(name: String, colour: String, points: [(Double, Double)])], logScale: Bool) {
            let y0 = top + Double(index) * (panelHeight + 30)
            let plotHeight = panelHeight - 40
            let values = series.flatMap { $0.points.map { logScale ? log10($0.1) : $0.1 } }.filter(\.isFinite)
            guard var lo = values.min(), var hi = values.max() else { return }
            if hi - lo < 1e-9 { lo -= 0.5; hi += 0.5 }
            let pad = (hi - lo) * 0.05
            lo -= pad; hi += pad
            func px(_ step: Double) -> Double { left + (width - left - right) * step / maxStep }
            func py(_ v: Double) -> Double { y0 + 20 + plotHeight * (1 - ((logScale ? log10(v) : v) - lo) / (hi - lo)) }
            out += "<text x=\"\(left)\" y=\"\(y0 + 12)\" font-weight=\"bold\">\(title)</text>\n"
            out += "<rect x=\"\(left)\" y=\"\(y0 + 20)\" width=\"\(width - left - right)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#888\"/>\n"
            for k in 0...4 {
                let v = lo + (hi - lo) * Double(k) / 4
                let y = y0 + 20 + plotHeight * (1 - Double(k) / 4)
                let label = logScale ? String(format: "%.2g", pow(10, v)) : String(format: "%.2f", v)
                out += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(label)</text>\n"
            }
            out += "<text x=\"\(width - right)\" y=\"\(y0 + 20 + plotHeight + 16)\" text-anchor=\"end\">step \(Int(maxStep))</text>\n"
            for (n, s) in series.enumerated() where !s.points.isEmpty {
                let path = s.points.filter { $0.1.isFinite && (!logScale || $0.1 > 0) }
                    .map { String(format: "%.1f,%.1f", px($0.0), py($0.1)) }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(s.colour)\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
                out += "<text x=\"\(left + 10 + Double(n) * 160)\" y=\"\(y0 + 36)\" fill=\"\(s.colour)\">\(s.name)</text>\n"
            }
        }
        let colours = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd"]
        panel(0, title: "training loss", series: [("loss", "#333", rows.filter { $0.loss.isFinite }.map { (Double($0.step), $0.loss) })],
              logScale: true)
        panel(1, title: "validation PSNR (dB, Y)", series: validationNames.enumerated().map { i, name in
            (name, colours[i % colours.count], rows.compactMap { r in r.validation[name].map { (Double(r.step), $0) } })
        }, logScale: false)
        return out + "</svg>\n"
    }
}
