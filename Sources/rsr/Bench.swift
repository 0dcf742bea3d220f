import ArgumentParser

/// `rsr bench quality` (the default, so `rsr bench --dataset ...` still works) and `rsr bench speed`.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure quality (PSNR/SSIM on a ground-truth set) or speed (ms, GFLOP/s, memory).",
        discussion: "`rsr bench --speed ...` is the older spelling of `rsr bench speed ...` and still works.",
        subcommands: [BenchQuality.self, BenchSpeed.self],
        defaultSubcommand: BenchQuality.self
    )

    /// `rsr bench ... --speed ...` becomes `rsr bench speed ...` (before a `--`, which ends the options).
    static func rewritingLegacyArguments(_ arguments: [String]) -> [String] {
        guard arguments.first == "bench" else { return arguments }
        let options = arguments.prefix { $0 != "--" }
        guard let index = options.firstIndex(of: "--speed") else { return arguments }
        var rewritten = arguments
        rewritten.remove(at: index)
        rewritten.insert("speed", at: 1)
        return rewritten
    }
}
