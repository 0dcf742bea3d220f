import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// The files one run (or one shard of it) processes, and where each output goes.
public enum BatchPlan {
    /// `otherOutputs`: further files the run writes for an input (residual maps).
    public static func jobs(inputs: [String], discovery: FileDiscovery, naming: OutputNaming, shard: Shard? = nil,
                            otherOutputs: (InputFile) -> [String] = { _ in [] }) throws -> [BatchJob] {
        try jobs(inputs: inputs, discovery: discovery, shard: shard, output: naming.outputPath, otherOutputs: otherOutputs)
    }

    /// A file that this run writes for another input is not an input itself: with the output folder
    /// inside an input folder (`rsr upscale . -o out --recursive`, or `-o .`), a rerun must not
    /// upscale the previous run's outputs. The filter runs before sharding, so every shard agrees.
    public static func jobs(inputs: [String], discovery: FileDiscovery, shard: Shard? = nil, output: (InputFile) -> String,
                            otherOutputs: (InputFile) -> [String] = { _ in [] }) throws -> [BatchJob] {
        let files = try discovery.discover(inputs)
        var writtenBy: [String: String] = [:]
        for file in files {
            for path in [output(file)] + otherOutputs(file) { writtenBy[canonical(path)] = canonical(file.path) }
        }
        return files
            .filter { file in
                let path = canonical(file.path)
                return writtenBy[path].map { $0 == path } ?? true
            }
            .filter { shard?.contains($0) ?? true }
            .map { BatchJob(file: $0, output: output($0)) }
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
