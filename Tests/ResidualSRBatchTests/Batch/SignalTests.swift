import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

/// SIGTERM, SIGHUP, a second Ctrl-C and SIGKILL on a real `rsr upscale`: no temporary file survives
/// a signal it can handle, and a rerun removes the ones a SIGKILL left (its own, nothing else).
@Suite struct SignalTests {
    private func makeInputs(_ folder: TemporaryFolder) throws {
        let big = TestImages.pattern8(width: 1600, height: 1600, channels: 3)
        for name in ["a.png", "b.png"] {
            try Data(big.encode(format: .png, options: EncodeOptions(pngCompressionLevel: 1)))
                .write(to: URL(fileURLWithPath: folder.file("in/" + name).ensuringFolder()))
        }
    }

    private func startRun(_ folder: TemporaryFolder) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(RSRExecutable.path))
        process.arguments = ["upscale", folder.file("in"), "-o", folder.file("out"), "--scale", "4", "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits (bounded) until an output temporary exists; true if one was seen. Polls with Task.sleep:
    /// blocking a thread of the cooperative pool would stall the other tests running beside this one.
    private func waitForTemporary(_ process: Process, _ folder: TemporaryFolder) async throws -> Bool {
        for _ in 0..<3000 where process.isRunning {
            if FileManager.default.subpathsSafe(folder.file("out")).contains(where: { $0.hasPrefix(".") }) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    private func waitForExit(_ process: Process) async throws {
        for _ in 0..<12000 where process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        process.waitUntilExit()
    }

    private func temporaries(_ folder: TemporaryFolder) -> [String] {
        FileManager.default.subpathsSafe(folder.file("out")).filter { $0.hasPrefix(".") }
    }

    @Test(.enabled(if: RSRExecutable.path != nil, "rsr is not built next to the tests"), .timeLimit(.minutes(1)),
          arguments: [SIGTERM, SIGHUP])
    func terminationSignalsStopCleanly(_ number: Int32) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try makeInputs(folder)
        let process = try startRun(folder)
        let saw = try await waitForTemporary(process, folder)
        kill(process.processIdentifier, number)
        try await waitForExit(process)
        #expect(saw, "the run ended before it could be interrupted")
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        #expect(temporaries(folder).isEmpty, "\(temporaries(folder))")
    }

    @Test(.enabled(if: RSRExecutable.path != nil, "rsr is not built next to the tests"), .timeLimit(.minutes(1)))
    func secondInterruptQuitsWithoutLeavingTemporaries() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try makeInputs(folder)
        let process = try startRun(folder)
        let saw = try await waitForTemporary(process, folder)
        kill(process.processIdentifier, SIGINT)
        kill(process.processIdentifier, SIGINT)
        try await waitForExit(process)
        #expect(saw, "the run ended before it could be interrupted")
        #expect(process.terminationStatus == 130)
        #expect(temporaries(folder).isEmpty, "\(temporaries(folder))")
    }

    /// The limit is a bound for a hang, not a speed check: under ThreadSanitizer (`make test-sanitize`)
    /// the instrumented `rsr` makes the kill loop take 2.5-3 minutes.
    @Test(.enabled(if: RSRExecutable.path != nil, "rsr is not built next to the tests"), .timeLimit(.minutes(5)))
    func rerunAfterSIGKILLRemovesOnlyItsOwnTemporaries() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try makeInputs(folder)
        let process = try startRun(folder)
        let saw = try await waitForTemporary(process, folder)
        kill(process.processIdentifier, SIGKILL)
        try await waitForExit(process)
        try #require(saw, "the run ended before it could be killed")
        #expect(!temporaries(folder).isEmpty, "SIGKILL leaves the temporary in flight")
        // Look-alikes that are not this run's: another output's temporary and a user's hidden file.
        let strangers = [".c_x4.png.rsr-Ab12Cd", ".a_x4.png.rsr-toolong1", ".notes"]
        for name in strangers { try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("out/" + name))) }

        let rerun = try startRun(folder)
        try await waitForExit(rerun)
        #expect(rerun.terminationStatus == 0)
        #expect(temporaries(folder).sorted() == strangers.sorted())
        for name in ["a_x4.png", "b_x4.png"] {
            #expect(try Image.decode(file: folder.file("out/" + name)).width == 6400)
        }
    }

    @Test func sweepMatchesOnlyTheNamesOfTheGivenOutputs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let names = [".a.png.rsr-x1Y2z3", ".b.jpg.rsr-000000", ".a.png.rsr-abc", ".c.png.rsr-abcdef", "a.png.rsr-abcdef", ".a.png"]
        for name in names { try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file(name))) }
        try FileManager.default.createSymbolicLink(atPath: folder.file(".b.jpg.rsr-linked"), withDestinationPath: folder.file("a.png"))
        let removed = StaleTemporaries.sweep(outputs: [folder.file("a.png"), folder.file("b.jpg")])
        #expect(removed.map { ($0 as NSString).lastPathComponent }.sorted() == [".a.png.rsr-x1Y2z3", ".b.jpg.rsr-000000"])
        #expect(FileManager.default.fileExists(atPath: folder.file(".c.png.rsr-abcdef")))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder.file(".b.jpg.rsr-linked"))) != nil)
    }
}
