/// The files one run (or one shard of it) processes, and where each output goes.
public enum BatchPlan {
    public static func jobs(inputs: [String], discovery: FileDiscovery, naming: OutputNaming, shard: Shard? = nil) throws -> [BatchJob] {
        try discovery.discover(inputs)
            .filter { shard?.contains($0) ?? true }
            .map { BatchJob(file: $0, output: naming.outputPath(for: $0)) }
    }
}
