import Foundation

/// A non-integer benchmark factor written as the fraction p/q, and the protocol that scores it.
///
/// The integer protocol generalised so that the LR image is still an exact downscale: the ground
/// truth is cropped to multiples of p (the "modcrop"), LR = uint8(imresize(HR, [H q/p, W q/p])),
/// SR = the method's output of exactly the HR size, scored on Y as always with ceil(p/q) pixels
/// shaved by default. At 2.5 = 5/2 a 256x256 HR becomes 255x255 and LR 102x102.
public struct FractionalScale: Sendable, Equatable {
    public let numerator: Int
    public let denominator: Int

    /// nil unless `factor` is p/q with q at most 100 (so that the crop stays small).
    public init?(_ factor: Double) {
        guard factor.isFinite, factor > 0,
              let q = (1...100).first(where: { abs(factor * Double($0) - (factor * Double($0)).rounded()) < 1e-9 })
        else { return nil }
        let p = Int((factor * Double(q)).rounded())
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let divisor = gcd(p, q)
        numerator = p / divisor
        denominator = q / divisor
    }

    public var factor: Double { Double(numerator) / Double(denominator) }
    /// The integer scale the benchmark options use (shave, size checks).
    public var ceiling: Int { (numerator + denominator - 1) / denominator }
}

extension Benchmark {
    /// The fractional protocol above with any method: `upscale(lr, width, height)` must return an
    /// image of exactly that size.
    public static func measure(
        groundTruth: FloatImage, factor: FractionalScale, options: BenchmarkOptions,
        upscale: (FloatImage, Int, Int) throws -> FloatImage
    ) throws -> (score: QualityScore, milliseconds: Double, size: (width: Int, height: Int)) {
        let truth = try colourPlanes(groundTruth).modcropped(factor.numerator)
        try checkLargeEnough(truth, options: options)
        let (lowWidth, lowHeight) = (truth.width / factor.numerator * factor.denominator,
                                     truth.height / factor.numerator * factor.denominator)
        let low = Bicubic.resize(truth, width: lowWidth, height: lowHeight).quantizedToUInt8()
        let input = low.channels == 3 ? low : FloatImage.stacking([low, low, low])
        let start = ContinuousClock.now
        let output = try upscale(input, truth.width, truth.height)
        let milliseconds = (ContinuousClock.now - start).milliseconds
        guard output.width == truth.width, output.height == truth.height else {
            throw RSRError(.model, "returned \(output.width)x\(output.height) for \(truth.width)x\(truth.height)")
        }
        let score = try QualityScore.measure(output, against: truth, shave: options.effectiveShave,
                                             gray: options.gray, roundY: options.roundY)
        return (score, milliseconds, (truth.width, truth.height))
    }

    /// Every file of a dataset at a fractional factor (`measure(groundTruth:factor:options:upscale:)`).
    public static func run(
        dataset files: [String], factor: FractionalScale, options: BenchmarkOptions,
        load: (String) throws -> FloatImage, report: (ImageScore) -> Void = { _ in },
        upscale: (FloatImage, Int, Int) throws -> FloatImage
    ) -> BenchmarkSummary {
        scoreEach(files, load: load, report: report) { truth in
            try measure(groundTruth: truth, factor: factor, options: options, upscale: upscale)
        }
    }
}
