import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

/// Ctrl-C on a real `rsr upscale` process: it must stop, exit 130 and leave no partial file.
@Suite struct InterruptTests {
    @Test(.enabled(if: RSRExecutable.path != nil, "rsr is not built next to the tests"), .timeLimit(.minutes(1)))
    func sigintDiscardsTheFileInFlight() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let big = TestImages.pattern8(width: 1600, height: 1600, channels: 3)
        for name in ["a.png", "b.png"] {
            try Data(big.encode(format: .png, options: EncodeOptions(pngCompressionLevel: 1)))
                .write(to: URL(fileURLWithPath: folder.file("in/" + name).ensuringFolder()))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(RSRExecutable.path))
        process.arguments = ["upscale", folder.file("in"), "-o", folder.file("out"), "--scale", "4", "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Interrupt once the first output is being written (its temporary file exists).
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline, FileManager.default.subpathsSafe(folder.file("out")).isEmpty {
            usleep(20_000)
        }
        let sawPartial = !FileManager.default.subpathsSafe(folder.file("out")).isEmpty
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()

        #expect(sawPartial, "the run ended before it could be interrupted")
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        // Complete outputs only (a file finished before the signal may stay), never a temporary one.
        for name in FileManager.default.subpathsSafe(folder.file("out")) {
            #expect(!name.hasPrefix("."), "partial file \(name) left behind")
            #expect(try Image.decode(file: folder.file("out/" + name)).width == 6400)
        }
    }
}
