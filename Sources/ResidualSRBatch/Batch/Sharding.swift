import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Splits a file list between N independent workers (a Kubernetes Indexed Job, a SLURM array, or
/// machines started by hand) without coordination: file f belongs to shard FNV-1a(relativePath) mod N.
///
/// The hash is FNV-1a 64 over the UTF-8 bytes because Swift's `Hasher` is seeded per process: two
/// workers must agree on the split.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw RSRError(.invalidArgument, "shard count must be at least 1 (got \(count))") }
        guard (0..<count).contains(index) else {
            throw RSRError(.invalidArgument, "shard index \(index) is outside 0..<\(count)")
        }
        self.index = index
        self.count = count
    }

    /// "K/N", K counted from 0.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw RSRError(.invalidArgument, "shard '\(text)' is not K/N (for example 0/4)")
        }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    public func contains(_ file: InputFile) -> Bool {
        Int(Self.fnv1a(file.relativePath) % UInt64(count)) == index
    }

    /// The shard from the environment when `--shard` is not given: Kubernetes Indexed Jobs set
    /// JOB_COMPLETION_INDEX (the count comes from `countOverride` or RSR_SHARD_COUNT); SLURM arrays set
    /// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (IDs are offset by SLURM_ARRAY_TASK_MIN). Nil when
    /// neither is present: process everything.
    public static func fromEnvironment(_ environment: [String: String], countOverride: Int? = nil) throws -> Shard? {
        if let text = environment["JOB_COMPLETION_INDEX"] {
            guard let index = Int(text) else { throw RSRError(.invalidArgument, "JOB_COMPLETION_INDEX '\(text)' is not a number") }
            guard let count = countOverride ?? environment["RSR_SHARD_COUNT"].flatMap(Int.init) else {
                throw RSRError(.invalidArgument, "JOB_COMPLETION_INDEX is set but the shard count is not: "
                    + "pass --shard-count or set RSR_SHARD_COUNT (the Job's completions)")
            }
            return try Shard(index: index, count: count)
        }
        if let text = environment["SLURM_ARRAY_TASK_ID"] {
            guard let id = Int(text) else { throw RSRError(.invalidArgument, "SLURM_ARRAY_TASK_ID '\(text)' is not a number") }
            let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
            guard let count = countOverride ?? environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init) else {
                throw RSRError(.invalidArgument, "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --shard-count")
            }
            return try Shard(index: id - minimum, count: count)
        }
        return nil
    }

    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
