import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

/// `rsr bench speed` (or `rsr bench --speed`): how fast the network and the whole pipeline run (see
/// `SpeedBenchmark`).
struct BenchSpeed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Measure speed: ms per image, GFLOP/s and peak RSS of the network, the pipeline and each layer.",
        discussion: """
            Examples:
              rsr bench speed --size 512 --scale 2 --json
              rsr bench speed --size 128 --runs 21 --threads 1
            """)

    @Option(help: "Upscaling factor of the model timed (2, 3 or 4).")
    var scale = 2
    @Option(help: ArgumentHelp("Model file to time (default: the shipped model for --scale).", valueName: "file"))
    var model: String?
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?
    @Flag(help: "Print the result as one JSON object.")
    var json = false
    @Option(help: "Side of the square LR test image.")
    var size = 512
    @Option(help: "Timed runs (the median is reported).")
    var runs = 7
    @Option(help: "Channels of the random-weights network timed when no model file is found.")
    var channels = 32
    @Option(help: "Blocks of the random-weights network timed when no model file is found.")
    var blocks = 8

    func validate() throws {
        guard (2...4).contains(scale) else { throw ValidationError("--scale must be 2, 3 or 4") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard (8...8192).contains(size) else { throw ValidationError("--size must be between 8 and 8192") }
        guard runs >= 1, channels >= 1, blocks >= 0 else {
            throw ValidationError("--runs and --channels must be positive")
        }
    }

    func run() throws {
        if let threads { Parallelism.threads = threads }
        let model: SRModel
        if let path = self.model {
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
