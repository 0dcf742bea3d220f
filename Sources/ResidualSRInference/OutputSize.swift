import ResidualSRCore
import ResidualSRImage

/// The size an upscale should produce: a factor of the input, or an exact size.
///
/// The network only enlarges by its trained integer scales, so an output that is not one of those
/// multiples is made by running the smallest scale that reaches it and then shrinking to the exact
/// size with the antialiased MATLAB bicubic (`UpscalePipeline`, `BicubicRowResampler`).
public enum OutputSize: Sendable, Equatable, Hashable {
    /// `factor` times the input on both sides, each side rounded up as MATLAB `imresize` does.
    case scale(Double)
    /// This width; the height keeps the input's aspect, rounded to the nearest pixel.
    case width(Int)
    /// This height; the width keeps the aspect.
    case height(Int)
    /// The largest size with the input's aspect that fits inside `width` x `height`.
    case fit(width: Int, height: Int)
    /// Exactly `width` x `height`, aspect ignored (`--width W --height H --stretch`).
    case exact(width: Int, height: Int)

    /// Factors (and, for exact sizes, the larger of the two side ratios) the tool accepts.
    public static let factors: ClosedRange<Double> = 1...4
    /// Longest output side asked for by a size (no codec here writes more).
    public static let maxSide = 1 << 18

    /// The model scale (2, 3 or 4) when exactly that factor was asked for (`--scale 3`): it runs
    /// without resizing. 1 is not one: it runs x2 and shrinks.
    public var integerScale: Int? {
        if case .scale(let factor) = self, factor == factor.rounded(), (2...4).contains(factor) { return Int(factor) }
        return nil
    }

    /// Checks the request alone, before any input is known: positive sides, a factor in range, and
    /// (for sizes with both sides) at most `maxPixels` output pixels.
    public func validate(maxPixels: Int = Int.max) throws {
        func side(_ value: Int, _ name: String) throws {
            guard value >= 1 else { throw RSRError(.invalidArgument, "the \(name) must be at least 1 pixel, not \(value)") }
            guard value <= Self.maxSide else { throw RSRError(.invalidArgument, "the \(name) must be at most \(Self.maxSide) pixels, not \(value)") }
        }
        switch self {
        case .scale(let factor):
            guard factor.isFinite, Self.factors.contains(factor) else {
                throw RSRError(.invalidArgument, "the scale must be from 1 to 4 (for example 2, 2.5 or 4), not \(Self.text(factor))")
            }
        case .width(let width): try side(width, "width")
        case .height(let height): try side(height, "height")
        case .fit(let width, let height), .exact(let width, let height):
            try side(width, "width")
            try side(height, "height")
            let pixels = width.multipliedReportingOverflow(by: height)
            guard !pixels.overflow, pixels.partialValue <= maxPixels else {
                throw RSRError(.tooLarge, "\(width)x\(height) is over the limit of \(maxPixels) output pixels")
            }
        }
    }

    /// The output size for a `width` x `height` input; for the sizes, an error when it is outside
    /// 1x to 4x of it (a factor was checked by `validate` when the request was made).
    public func size(width: Int, height: Int) throws -> (width: Int, height: Int) {
        guard width >= 1, height >= 1 else { throw RSRError(.corrupt, "image has no pixels") }
        /// `part * whole / of`, rounded half up, at least 1 (integers, so no float error).
        func scaled(_ part: Int, _ whole: Int, _ of: Int) -> Int { max(1, (2 * part * whole + of) / (2 * of)) }
        let result: (width: Int, height: Int)
        switch self {
        case .scale(let factor):
            // The small tolerance keeps 10 x 1.1 at 11 where binary floating point gives 11.000000000000002.
            func side(_ length: Int) -> Int { max(1, Int((Double(length) * factor - 1e-9).rounded(.up))) }
            return (side(width), side(height))
        case .width(let target): result = (target, scaled(height, target, width))
        case .height(let target): result = (scaled(width, target, height), target)
        case .fit(let boxWidth, let boxHeight):
            // Taller than the box's aspect: the height is the limit.
            result = width * boxHeight <= height * boxWidth
                ? (scaled(width, boxHeight, height), boxHeight) : (boxWidth, scaled(height, boxWidth, width))
        case .exact(let exactWidth, let exactHeight): result = (exactWidth, exactHeight)
        }
        guard result.width <= 4 * width, result.height <= 4 * height else {
            throw RSRError(.invalidArgument, "\(result.width)x\(result.height) is more than 4 times the \(width)x\(height) input "
                + "(the largest model is x4)")
        }
        guard result.width >= width || result.height >= height else {
            throw RSRError(.invalidArgument, "\(result.width)x\(result.height) is smaller than the \(width)x\(height) input; "
                + "ResidualSR enlarges (1x to 4x)")
        }
        return result
    }

    /// The smallest of `scales` whose output covers `output` on both sides of a `width` x `height`
    /// input, or an error naming what would be needed.
    public static func networkScale(for output: (width: Int, height: Int), width: Int, height: Int,
                                    scales: [Int]) throws -> Int {
        guard let scale = scales.sorted().first(where: { $0 * width >= output.width && $0 * height >= output.height }) else {
            throw RSRError(.invalidArgument, "\(output.width)x\(output.height) from \(width)x\(height) needs a larger scale than "
                + "the available x\(scales.sorted().map(String.init).joined(separator: ", x"))")
        }
        return scale
    }

    /// A short name for file names (`{scale}`: `photo_x2.5.png`, `photo_x1920w.png`) and cache keys:
    /// `2`, `2.5`, `1920w`, `1080h`, `fit1920x1080`, `1920x1080`.
    public var label: String {
        switch self {
        case .scale(let factor): Self.text(factor)
        case .width(let width): "\(width)w"
        case .height(let height): "\(height)h"
        case .fit(let width, let height): "fit\(width)x\(height)"
        case .exact(let width, let height): "\(width)x\(height)"
        }
    }

    /// `2` for 2.0, `2.5` for 2.5: integers print without a fraction, so names stay `_x2`.
    static func text(_ factor: Double) -> String {
        guard factor.isFinite else { return "\(factor)" }
        return factor == factor.rounded() && abs(factor) < 1e15 ? String(Int(factor)) : String(factor)
    }

    /// `WxH` (as `--fit` and the API take it), or nil.
    public static func parseBox(_ text: String) -> (width: Int, height: Int)? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else { return nil }
        return (width, height)
    }

    /// The inverse of `label`.
    public init?(label: String) {
        if label.hasPrefix("fit"), let box = Self.parseBox(String(label.dropFirst(3))) {
            self = .fit(width: box.width, height: box.height)
        } else if let box = Self.parseBox(label) {
            self = .exact(width: box.width, height: box.height)
        } else if label.hasSuffix("w"), let width = Int(label.dropLast()) {
            self = .width(width)
        } else if label.hasSuffix("h"), let height = Int(label.dropLast()) {
            self = .height(height)
        } else if let factor = Double(label), factor.isFinite {
            self = .scale(factor)
        } else {
            return nil
        }
    }
}

/// Stored (job records) as its label.
extension OutputSize: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let size = OutputSize(label: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an output size: \(text)"))
        }
        self = size
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(label)
    }
}
