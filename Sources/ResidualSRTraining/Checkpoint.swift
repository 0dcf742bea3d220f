import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// A resumable training state in one safetensors file: the optimiser's parameters under their own names
/// (the network's weights, or with `--reparam` the branch parameters), Adam moments under `adam.m.NAME` /
/// `adam.v.NAME`, and step, options and history in the metadata.
public struct Checkpoint {
    public static let kind = "rsr-checkpoint"

    public var options: TrainingOptions
    public var step: Int
    public var bestPSNR: Double
    public var elapsedSeconds: Double

    public static func save(_ optimizer: Adam, state: Checkpoint, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let options = String(decoding: try encoder.encode(state.options), as: UTF8.self)
        var file = SafeTensors(metadata: [
            "kind": kind, "step": String(state.step), "adam_step": String(optimizer.step),
            "best_psnr": String(state.bestPSNR), "elapsed_seconds": String(state.elapsedSeconds), "options": options,
        ])
        for (parameter, moment) in zip(optimizer.parameters, optimizer.moments) {
            file.add(parameter.name, shape: parameter.shape, values: parameter.values)
            file.add("adam.m." + parameter.name, shape: parameter.shape, values: moment.m)
            file.add("adam.v." + parameter.name, shape: parameter.shape, values: moment.v)
        }
        try AtomicFile.write(file.encode(), to: path)
    }

    /// The options a checkpoint was saved with (they say which parameters it holds).
    public static func options(at path: String) throws -> TrainingOptions {
        try metadata(SafeTensors.read(file: path), path: path).options
    }

    private static func metadata(_ file: SafeTensors, path: String) throws -> (options: TrainingOptions, step: Int, adamStep: Int) {
        guard file.metadata["kind"] == kind, let step = file.metadata["step"].flatMap(Int.init),
              let adamStep = file.metadata["adam_step"].flatMap(Int.init),
              let optionsText = file.metadata["options"],
              let options = try? JSONDecoder().decode(TrainingOptions.self, from: Data(optionsText.utf8)) else {
            throw RSRError(.model, "not a usable checkpoint: metadata is missing or malformed", path: path)
        }
        return (options, step, adamStep)
    }

    /// Reads the state and loads the parameters and moments into `optimizer`.
    public static func load(_ path: String, into optimizer: Adam) throws -> Checkpoint {
        let file = try SafeTensors.read(file: path)
        func fail(_ reason: String) -> RSRError { RSRError(.model, "not a usable checkpoint: " + reason, path: path) }
        let (options, step, adamStep) = try metadata(file, path: path)
        var moments: [(m: [Float], v: [Float])] = []
        for parameter in optimizer.parameters {
            guard let w = file.tensors[parameter.name], let m = file.tensors["adam.m." + parameter.name],
                  let v = file.tensors["adam.v." + parameter.name],
                  w.shape == parameter.shape, m.shape == parameter.shape, v.shape == parameter.shape else {
                throw fail("tensor '\(parameter.name)' is missing or has another shape")
            }
            parameter.set(w.values)
            moments.append((m.values, v.values))
        }
        try optimizer.restore(step: adamStep, moments: moments)
        return Checkpoint(options: options, step: step,
                          bestPSNR: file.metadata["best_psnr"].flatMap(Double.init) ?? -.infinity,
                          elapsedSeconds: file.metadata["elapsed_seconds"].flatMap(Double.init) ?? 0)
    }
}
