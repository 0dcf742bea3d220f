import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

@Suite struct ShardingTests {
    @Test func shardsCoverEveryFileExactlyOnce() throws {
        let files = (0..<500).map { InputFile(path: "/data/\($0).png", relativePath: "set\($0 % 7)/image\($0).png") }
        for count in [1, 2, 3, 8] {
            var owners = [Int](repeating: 0, count: files.count)
            var sizes: [Int] = []
            for index in 0..<count {
                let shard = try Shard(index: index, count: count)
                let mine = files.indices.filter { shard.contains(files[$0]) }
                mine.forEach { owners[$0] += 1 }
                sizes.append(mine.count)
            }
            #expect(owners.allSatisfy { $0 == 1 })
            // Roughly even: no shard more than twice its fair share.
            #expect(sizes.allSatisfy { $0 <= 2 * files.count / count + 5 })
        }
    }

    @Test func hashIsStableAcrossProcesses() {
        // FNV-1a 64 reference values: a different process or machine must agree.
        #expect(Shard.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(Shard.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func parsingAndEnvironment() throws {
        #expect(try Shard(parsing: "2/5") == Shard(index: 2, count: 5))
        #expect(throws: RSRError.self) { try Shard(parsing: "5/5") }
        #expect(throws: RSRError.self) { try Shard(parsing: "1-4") }
        #expect(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "3", "RSR_SHARD_COUNT": "4"]) == Shard(index: 3, count: 4))
        #expect(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "3"], countOverride: 10) == Shard(index: 3, count: 10))
        #expect(throws: RSRError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "3"]) }
        #expect(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1",
                                           "SLURM_ARRAY_TASK_COUNT": "8"]) == Shard(index: 4, count: 8))
        #expect(try Shard.fromEnvironment([:]) == nil)
    }
}
