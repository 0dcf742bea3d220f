import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

struct Info: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print format, size and colour details of images.",
        discussion: """
            Reads only the headers (plus the ICC profile and EXIF orientation), so it is fast on big \
            files and reports the size of images too large to decode. Sizes are upright: EXIF \
            orientations 5-8 swap width and height, as decoding does. Exits non-zero if any file fails.

            Examples:
              rsr info photo.jpg
              rsr info Samples/*.png --json
            """
    )

    @Argument(help: "Image files (PNG or JPEG, recognised by content).") var files: [String]
    @Flag(help: "Print a JSON array with one object per file.") var json = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one image file") }
    }

    func run() async throws {
        var reports: [InfoReport] = []
        for path in files {
            do {
                // Nothing is allocated for pixels here, so the decode limit does not apply.
                let header = try Image.header(file: path, limits: DecodeLimits(maxPixels: .max))
                reports.append(InfoReport(path: path, header: header))
            } catch let error as RSRError {
                reports.append(InfoReport(path: path, error: error.at(path).description))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            for report in reports {
                if let error = report.error {
                    FileHandle.standardError.write(Data("rsr: \(error)\n".utf8))
                } else {
                    print(report.summary)
                }
            }
        }
        if reports.contains(where: { $0.error != nil }) { throw ExitCode.failure }
    }
}

/// One line of `rsr info`, or one object of its JSON output.
private struct InfoReport: Encodable {
    struct ICC: Encodable {
        var description: String?
        var size: Int
    }

    var path: String
    var format: String?
    var width: Int?
    var height: Int?
    var channels: Int?
    var bitDepth: Int?
    var sourceColor: String?
    var sourceBitDepth: Int?
    var interlaced: Bool?
    var fileSize: Int?
    var icc: ICC?
    var orientation: Int?
    /// TIFF pages / AVIF frames; only the first is decoded.
    var pages: Int?
    var exifSize: Int?
    var gamma: Double?
    var srgbIntent: Int?
    var error: String?

    init(path: String, error: String) {
        self.path = path
        self.error = error
    }

    init(path: String, header: ImageHeader) {
        self.path = path
        format = header.format.rawValue
        width = header.width
        height = header.height
        channels = header.channels
        bitDepth = header.bitDepth
        sourceColor = header.sourceColor.name(alpha: header.sourceAlpha)
            + (header.format == .webp ? (header.lossless ? " lossless" : " lossy") : "")
        sourceBitDepth = header.sourceBitDepth
        interlaced = header.interlaced
        orientation = header.orientation
        pages = header.pages > 1 ? header.pages : nil
        exifSize = header.exif?.count
        fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        icc = header.iccProfile.map { ICC(description: ICCProfile.description(of: $0), size: $0.count) }
        gamma = header.pngColor?.gamma.map { Double($0) / 100_000 }
        srgbIntent = header.pngColor?.srgbIntent
    }

    var summary: String {
        var parts = ["\(format?.uppercased() ?? "?") \(width ?? 0)x\(height ?? 0)"]
        let layout = ["gray", "gray+alpha", "RGB", "RGBA"][max(0, min(3, (channels ?? 1) - 1))]
        var source = sourceColor ?? ""
        if let sourceBitDepth, sourceBitDepth != bitDepth { source += " \(sourceBitDepth)-bit" }
        parts.append("\(channels ?? 0) channels (\(layout)\(source != layout ? " from \(source)" : ""))")
        parts.append("\(bitDepth ?? 0)-bit")
        if interlaced == true {
            parts.append(["png": "interlaced", "tiff": "tiled"][format ?? ""] ?? "progressive")
        }
        if let icc {
            parts.append("ICC \(icc.description.map { "\"\($0)\"" } ?? "(no description)") (\(icc.size) bytes)")
        } else {
            parts.append("no ICC")
        }
        if let gamma { parts.append("gamma \(gamma)") }
        if let srgbIntent { parts.append("sRGB intent \(srgbIntent)") }
        if let orientation, orientation != 1 { parts.append("orientation \(orientation) (applied on decode)") }
        if let exifSize { parts.append("EXIF (\(exifSize) bytes)") }
        if let pages { parts.append("\(pages) \(format == "avif" ? "frames" : "pages") (the first is used)") }
        if let fileSize { parts.append(Self.byteCount(fileSize)) }
        return "\(path): " + parts.joined(separator: ", ")
    }

    static func byteCount(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return String(format: "%.1f MB", Double(bytes) / 1024 / 1024)
    }
}
