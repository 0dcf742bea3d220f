import Foundation

/// The files one run (or one shard of it) processes, and where each output goes.
public enum BatchPlan {
    /// `otherOutputs`: further folders the run writes into (residual maps).
    public static func jobs(inputs: [String], discovery: FileDiscovery, naming: OutputNaming, otherOutputs: [String] = [],
                            shard: Shard? = nil) throws -> [BatchJob] {
        try jobs(inputs: inputs, discovery: discovery, outputFolders: [naming.folder] + otherOutputs, shard: shard,
                 output: naming.outputPath)
    }

    /// Files under `outputFolders` are left out: with the output inside an input folder
    /// (`rsr upscale . -o out --recursive`), a rerun must not upscale the previous run's outputs.
    public static func jobs(inputs: [String], discovery: FileDiscovery, outputFolders: [String], shard: Shard? = nil,
                            output: (InputFile) -> String) throws -> [BatchJob] {
        let prefixes = outputFolders.map { URL(fileURLWithPath: $0).standardizedFileURL.path + "/" }
        return try discovery.discover(inputs)
            .filter { file in
                let path = URL(fileURLWithPath: file.path).standardizedFileURL.path
                return !prefixes.contains { path.hasPrefix($0) }
            }
            .filter { shard?.contains($0) ?? true }
            .map { BatchJob(file: $0, output: output($0)) }
    }
}
