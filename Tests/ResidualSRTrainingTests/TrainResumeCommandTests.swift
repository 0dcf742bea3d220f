import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRTraining
import ResidualSRTestSupport

/// `rsr train --resume` as the command line maps it (Sources/rsr/Train.swift): without `--steps` the
/// checkpoint's step budget stands; `--steps` raises it.
@Suite struct TrainResumeCommandTests {
    /// Runs the built `rsr train --run <run> --resume` plus `arguments`; returns its standard output.
    private func resume(_ run: String, _ arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(RSRExecutable.path))
        process.arguments = ["train", "--run", run, "--resume", "--threads", "1"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(text)")
        return text
    }

    @Test(.enabled(if: RSRExecutable.path != nil, "rsr is not built next to the tests"))
    func resumeWithoutStepsKeepsTheCheckpointBudget() throws {
        let folder = try TrainerTests.makeImages()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = folder + "/run"
        let first = try Trainer(options: TrainerTests.options(folder, steps: 2), runFolder: run, resume: false)
        first.report = { _, _ in }
        try first.run()
        #expect(try Checkpoint.options(at: first.checkpointPath).steps == 2)

        // The command line's default budget (6000) must not replace the checkpoint's.
        let kept = try resume(run)
        #expect(kept.contains("finished 2 steps"), "\(kept)")
        #expect(try Checkpoint.options(at: first.checkpointPath).steps == 2)

        let raised = try resume(run, ["--steps", "3"])
        #expect(raised.contains("finished 3 steps"), "\(raised)")
        #expect(try Checkpoint.options(at: first.checkpointPath).steps == 3)
    }
}
