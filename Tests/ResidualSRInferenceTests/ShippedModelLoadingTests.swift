import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
import ResidualSRTestSupport

/// A shipped model file that is present but broken is a start-up error, not a silently missing scale.
@Suite struct ShippedModelLoadingTests {
    private func folderWithBrokenX3() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: try ModelRegistry.path(scale: 2), toPath: folder.file("rsr-x2.safetensors"))
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: folder.file("rsr-x3.safetensors")))
        return folder
    }

    @Test func brokenFileIsAnErrorNamingIt() throws {
        let folder = try folderWithBrokenX3()
        defer { folder.remove() }
        let error = try #require(throws: RSRError.self) { try ModelRegistry.loadShipped(folders: [folder.path]) }
        #expect(error.path == folder.file("rsr-x3.safetensors"))
        #expect(error.kind == .model)
    }

    @Test func missingScalesAreSkipped() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: try ModelRegistry.path(scale: 2), toPath: folder.file("rsr-x2.safetensors"))
        #expect(try ModelRegistry.loadShipped(folders: [folder.path]).keys.sorted() == [2])
    }

    @Test func modelUnderAnotherScalesNameIsRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: try ModelRegistry.path(scale: 2), toPath: folder.file("rsr-x4.safetensors"))
        #expect(throws: RSRError.self) { try ModelRegistry.loadShipped(folders: [folder.path]) }
    }

    /// `rsr serve` itself: exits non-zero at start-up with the file and the reason, instead of serving.
    @Test(.enabled(if: RSRExecutable.path != nil, "rsr is not built next to the tests"), .timeLimit(.minutes(1)))
    func serveRefusesToStartWithABrokenModel() async throws {
        let folder = try folderWithBrokenX3()
        defer { folder.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(RSRExecutable.path))
        process.arguments = ["serve", "--port", "0", "--data-dir", folder.file("data"), "--log-level", "critical"]
        process.environment = ProcessInfo.processInfo.environment.merging(["RSR_MODELS": folder.path]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Task.sleep, not usleep: a blocked cooperative thread would stall the tests beside this one.
        for _ in 0..<1500 where process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            Issue.record("rsr serve started despite a broken model")
        }
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(message.contains("rsr-x3.safetensors"), "\(message)")
    }
}
