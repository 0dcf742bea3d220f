import Foundation

/// The files one run (or one shard of it) processes, and where each output goes.
public enum BatchPlan {
    public static func jobs(inputs: [String], discovery: FileDiscovery, naming: OutputNaming, shard: Shard? = nil) throws -> [BatchJob] {
        try jobs(inputs: inputs, discovery: discovery, outputFolder: naming.folder, shard: shard, output: naming.outputPath)
    }

    /// Files under `outputFolder` are left out: with the output inside an input folder
    /// (`rsr upscale . -o out --recursive`), a rerun must not upscale the previous run's outputs.
    public static func jobs(inputs: [String], discovery: FileDiscovery, outputFolder: String, shard: Shard? = nil,
                            output: (InputFile) -> String) throws -> [BatchJob] {
        let outputPrefix = URL(fileURLWithPath: outputFolder).standardizedFileURL.path + "/"
        return try discovery.discover(inputs)
            .filter { !URL(fileURLWithPath: $0.path).standardizedFileURL.path.hasPrefix(outputPrefix) }
            .filter { shard?.contains($0) ?? true }
            .map { BatchJob(file: $0, output: output($0)) }
    }
}
