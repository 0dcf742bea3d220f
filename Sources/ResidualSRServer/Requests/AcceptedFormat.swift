import Foundation
import ResidualSRImage

/// The output format an `Accept` header asks for, when the request has no `format` parameter.
///
/// Media ranges with q-values (RFC 9110 12.5.1): each format gets the q of the most specific range
/// that matches its content type (`image/webp` over `image/*` over `*/*`); the highest q above 0 wins,
/// ties going to the more specific match and then to the order of `Image.Format.allCases` (PNG first,
/// the default). A missing or empty header means PNG; a header that rules out every format is a 406.
enum AcceptedFormat {
    struct MediaRange: Equatable {
        var type: String
        var subtype: String
        var quality: Double

        /// 3 exact, 2 `type/*`, 1 `*/*`, 0 no match.
        func specificity(for contentType: String) -> Int {
            let parts = contentType.split(separator: "/").map(String.init)
            guard parts.count == 2 else { return 0 }
            if type == "*" && subtype == "*" { return 1 }
            guard type == parts[0] else { return 0 }
            if subtype == "*" { return 2 }
            return subtype == parts[1] ? 3 : 0
        }
    }

    /// Parses `image/webp;q=0.9, image/*;q=0.5`. Malformed entries are skipped, not fatal: clients
    /// send odd headers, and a skipped entry can only make the answer a 406, never a wrong format.
    static func parse(_ header: String) -> [MediaRange] {
        header.split(separator: ",").compactMap { entry in
            let fields = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let names = fields[0].lowercased().split(separator: "/").map(String.init)
            guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty, names[0] != "*" || names[1] == "*" else {
                return nil
            }
            var quality = 1.0
            for field in fields.dropFirst() {
                let pair = field.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
                guard let value = Double(pair[1]), (0...1).contains(value) else { return nil }
                quality = value
            }
            return MediaRange(type: names[0], subtype: names[1], quality: quality)
        }
    }

    /// The format to send, or nil when the header accepts none of them (a 406).
    static func choose(_ header: String?, among formats: [Image.Format] = Image.Format.allCases) -> Image.Format? {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { return formats.first }
        let ranges = parse(header)
        var best: (format: Image.Format, quality: Double, specificity: Int)?
        for format in formats {
            var match: (quality: Double, specificity: Int)?
            for range in ranges {
                let specificity = range.specificity(for: format.contentType)
                if specificity > (match?.specificity ?? 0) { match = (range.quality, specificity) }
            }
            guard let match, match.quality > 0 else { continue }
            if best == nil || match.quality > best!.quality
                || (match.quality == best!.quality && match.specificity > best!.specificity) {
                best = (format, match.quality, match.specificity)
            }
        }
        return best?.format
    }

    /// The 406 body's list: `image/png, image/jpeg, ...`.
    static var offered: String { Image.Format.allCases.map(\.contentType).joined(separator: ", ") }
}
