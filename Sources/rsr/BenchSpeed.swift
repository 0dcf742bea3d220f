import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

/// `rsr bench --speed`: how fast the network and the whole pipeline run (see `SpeedBenchmark`).
struct SpeedOptions: ParsableArguments {
    @Flag(help: "Measure speed instead of quality: ms per image, GFLOP/s and peak RSS.")
    var speed = false
    @Option(help: "Side of the square LR test image for --speed.")
    var size = 512
    @Option(help: "Timed runs for --speed (the median is reported).")
    var runs = 7
    @Option(help: "Channels of the random-weights network timed when no model file is found (--speed).")
    var channels = 32
    @Option(help: "Blocks of the random-weights network timed when no model file is found (--speed).")
    var blocks = 8

    /// Not `validate()`, which the parser would run for quality runs too.
    func validateSpeed(scale: Int?) throws {
        guard (2...4).contains(scale ?? 2) else { throw ValidationError("--scale must be 2, 3 or 4") }
        guard (8...8192).contains(size) else { throw ValidationError("--size must be between 8 and 8192") }
        guard runs >= 1, channels >= 1, blocks >= 0 else {
            throw ValidationError("--runs and --channels must be positive")
        }
    }

    func run(scale: Int, model path: String?, json: Bool) throws {
        let model: SRModel
        if let path {
            model = try ModelRegistry.load(path, scale: scale)
        } else if let shipped = try? ModelRegistry.load(nil, scale: scale) {
            model = shipped
        } else {
            // Speed does not depend on the weights' values; time the default shape.
            let network = SRNetwork(NetworkConfig(channels: channels, blocks: blocks, scale: scale))
            network.initialize(seed: 1)
            for parameter in network.parameters where parameter.name.hasPrefix("tail") {
                for i in 0..<parameter.count { parameter.value[i] = 0.01 }
            }
            model = SRModel(network: network, source: "random weights (C\(channels) B\(blocks))")
        }
        let result = try SpeedBenchmark(model: model, size: size, runs: runs).run()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        let r = result
        print("speed: \(r.width)x\(r.height) -> x\(r.scale), C\(r.channels) B\(r.blocks), \(r.threads) threads, "
              + "median of \(r.runs) runs, \(r.model)")
        func line(_ name: String, _ t: SpeedBenchmark.Timing) {
            let rate = t.gflops.map { String(format: "  %6.1f GFLOP/s", $0) } ?? ""
            print(String(format: "  %-10@ %8.2f ms (min %.1f)%@", name, t.medianMilliseconds, t.minimumMilliseconds, rate))
        }
        line("network", r.network)
        line("pipeline", r.pipeline)
        line("bicubic", r.bicubic)
        line("train step", r.trainingStep)
        line("reparam step", r.reparamTrainingStep)
        print(String(format: "  bicubic output %.0f Mpx/s; peak RSS %.0f MB", r.bicubicMegapixelsPerSecond, r.peakRSSMegabytes))
        print("  layers (each timed alone):")
        for layer in r.layers {
            line("\(layer.name) \(layer.inChannels)->\(layer.outChannels) \(layer.path.rawValue)", layer.timing)
        }
    }
}
