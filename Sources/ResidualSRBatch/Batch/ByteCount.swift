import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Sizes as people type them: "512M", "1G", "1.5GiB", "800mb", "1073741824" (binary units); 0 is allowed,
/// callers that need a positive size check for it.
public enum ByteCount {
    public static func parse(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        var unit = String(trimmed.dropFirst(digits.count)).trimmingCharacters(in: .whitespaces)
        for suffix in ["ib", "b"] where unit.hasSuffix(suffix) {
            unit = String(unit.dropLast(suffix.count))
            break
        }
        let multipliers: [String: Double] = ["": 1, "k": 0x1p10, "m": 0x1p20, "g": 0x1p30, "t": 0x1p40]
        guard let number = Double(digits), let multiplier = multipliers[unit], number >= 0, number * multiplier < 0x1p62 else {
            throw RSRError(.invalidArgument, "'\(text)' is not a memory size (for example 512M or 2G)")
        }
        return Int(number * multiplier)
    }
}
