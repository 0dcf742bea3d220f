import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Times the network alone and the whole pipeline (bicubic + network + add) on a synthetic image, the
/// way `../shared/tools/peers` times other engines: warm-up runs, then the median of several.
public struct SpeedBenchmark: Sendable {
    public struct Timing: Codable, Sendable {
        public var medianMilliseconds: Double
        public var minimumMilliseconds: Double
        /// 2 x conv multiply-adds / median time (nil for timings without convolutions).
        public var gflops: Double?

        enum CodingKeys: String, CodingKey {
            case medianMilliseconds = "median_ms", minimumMilliseconds = "min_ms", gflops
        }
    }

    /// One conv of the network timed alone on the benchmark's image size, and the path it took.
    public struct Layer: Codable, Sendable {
        public var name: String
        public var path: ConvolutionPath
        public var inChannels: Int
        public var outChannels: Int
        public var timing: Timing
    }

    public struct Result: Codable, Sendable {
        public var network: Timing
        /// Per conv layer, in network order (GFLOP/s counted as direct convolution).
        public var layers: [Layer]
        public var pipeline: Timing
        public var bicubic: Timing
        /// One training step (forward + backward + Adam) on a batch of 16 48x48 LR patches; GFLOP/s
        /// counted as 3x the forward convolutions, as the peers' reference does.
        public var trainingStep: Timing
        /// The same step with `rsr train --reparam` (branch merge and gradient mapping included).
        public var reparamTrainingStep: Timing
        /// Output megapixels per second of the bicubic upsample alone.
        public var bicubicMegapixelsPerSecond: Double
        public var peakRSSMegabytes: Double
        public var width: Int
        public var height: Int
        public var scale: Int
        public var channels: Int
        public var blocks: Int
        public var threads: Int
        public var runs: Int
        public var model: String

        enum CodingKeys: String, CodingKey {
            case network, layers, pipeline, bicubic, trainingStep = "training_step", reparamTrainingStep = "reparam_training_step"
            case bicubicMegapixelsPerSecond = "bicubic_mpx_per_s"
            case peakRSSMegabytes = "peak_rss_mb", width, height, scale, channels, blocks, threads, runs, model
        }
    }

    public var model: SRModel
    public var size: Int
    public var runs: Int
    public var warmups: Int

    public init(model: SRModel, size: Int = 512, runs: Int = 7, warmups: Int = 2) {
        self.model = model
        self.size = size
        self.runs = runs
        self.warmups = warmups
    }

    public func run() throws -> Result {
        var generator = SplitMix(seed: 123)
        let image = FloatImage(width: size, height: size, channels: 3,
                               pixels: (0..<(3 * size * size)).map { _ in generator.unit() })
        let input = Tensor(image)
        let flops = 2 * Double(model.network.config.macsPerPixel * size * size)
        let scale = model.scale
        func time(_ body: () throws -> Void) rethrows -> [Double] {
            for _ in 0..<warmups { try body() }
            return try (0..<runs).map { _ in
                let start = ContinuousClock.now
                try body()
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
            }
        }
        func timing(_ samples: [Double], convolutions: Bool = true) -> Timing {
            Self.timing(samples, flops: convolutions ? flops : nil)
        }
        let network = timing(time { _ = model.network.residual(input) })
        let pipeline = timing(try time { _ = try model.upscale(image) })
        let bicubic = timing(time { _ = Bicubic.resize(image, scale: Double(scale)) }, convolutions: false)
        let trainingStep = timeTrainingStep(time: time, reparam: false)
        let reparamTrainingStep = timeTrainingStep(time: time, reparam: true)
        let layers = model.network.layers.map { conv in
            let x = Tensor(batch: 1, channels: conv.inChannels, height: size, width: size)
            for i in 0..<x.count { x.data[i] = generator.unit() }
            let y = conv.output(for: x)
            return Layer(name: String(conv.weight.name.dropLast(".weight".count)), path: conv.forwardPath,
                         inChannels: conv.inChannels, outChannels: conv.outChannels,
                         timing: Self.timing(time { conv.forward(x, into: y) },
                                             flops: 2 * Double(conv.macsPerPixel * size * size)))
        }
        let outputPixels = Double(size * size * scale * scale)
        let config = model.network.config
        return Result(
            network: network, layers: layers, pipeline: pipeline, bicubic: bicubic, trainingStep: trainingStep,
            reparamTrainingStep: reparamTrainingStep,
            bicubicMegapixelsPerSecond: outputPixels / (bicubic.medianMilliseconds * 1e3),
            peakRSSMegabytes: Self.peakRSSMegabytes(), width: size, height: size, scale: scale,
            channels: config.channels, blocks: config.blocks, threads: Parallelism.threads, runs: runs,
            model: model.source)
    }

    /// Times `Trainer`'s step on a copy of the network (the model's weights are left alone).
    private func timeTrainingStep(time: (() throws -> Void) throws -> [Double], reparam: Bool) -> Timing {
        let (batch, patch) = (16, 48)
        let network = SRNetwork(model.network.config)
        network.copyMatchingWeights(from: model.network)
        let branches = reparam ? RepNetwork(network) : nil
        branches?.initialize(seed: 1)
        let optimizer = Adam(branches?.parameters ?? network.parameters)
        var generator = SplitMix(seed: 7)
        let s = model.scale
        let low = Tensor(batch: batch, channels: 3, height: patch, width: patch, zeroed: false)
        let target = Tensor(batch: batch, channels: 3, height: patch * s, width: patch * s, zeroed: false)
        for i in 0..<low.count { low.data[i] = generator.unit() }
        for i in 0..<target.count { target.data[i] = generator.unit() * 0.1 }
        let batchData = Batch(step: 0, low: low, residual: target)
        let samples = (try? time {
            _ = Trainer.step(network, optimizer, batchData, loss: .l1, clipNorm: 1, learningRate: 1e-4,
                             reparam: branches)
        }) ?? [0]
        return Self.timing(samples, flops: 3 * 2 * Double(model.network.config.macsPerPixel * patch * patch * batch))
    }

    /// Median and minimum of `samples` (ms); GFLOP/s from `flops` per run at the median.
    private static func timing(_ samples: [Double], flops: Double?) -> Timing {
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        return Timing(medianMilliseconds: median, minimumMilliseconds: sorted[0], gflops: flops.map { $0 / (median * 1e6) })
    }

    /// VmHWM from /proc/self/status (Linux), in MB; 0 where unavailable.
    public static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").compactMap({ Double($0) }).first else { return 0 }
        return kilobytes / 1024
    }
}
