import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

@Suite struct BatchRunnerTests {
    /// Writes `count` small fake images into `folder/in`, returns the input folder.
    func makeInputs(_ folder: TemporaryFolder, count: Int, corrupt: Set<Int> = []) throws -> String {
        let input = folder.file("in")
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for index in 0..<count {
            let path = (input as NSString).appendingPathComponent(String(format: "image%02d.png", index))
            let data = corrupt.contains(index) ? Data("not an image".utf8)
                : FakeImageIO.encode(testImage(width: 7 + index, height: 5, channels: 3, seed: UInt64(index + 1)))
            try data.write(to: URL(fileURLWithPath: path))
        }
        return input
    }

    func run(_ inputs: [String], to output: String, options: BatchOptions = BatchOptions(),
             upscaler: any Upscaler = BoxBlurUpscaler(scale: 2, blurs: 1), cancellation: CancellationFlag = CancellationFlag(),
             style: ProgressReporter.Style = .lines, threads: Int = 1) throws -> (BatchSummary, String) {
        let jobs = try BatchPlan.jobs(inputs: inputs, discovery: FileDiscovery(),
                                      naming: OutputNaming(folder: output, scale: upscaler.scale))
        let captured = CapturedOutput()
        let pipeline = try UpscalePipeline(upscaler: upscaler, budget: TilingBudget(threads: threads), tileSize: 4)
        let runner = BatchRunner(pipeline: pipeline, io: FakeImageIO(), options: options, reporter: captured.reporter(style),
                                 cancellation: cancellation)
        return (runner.run(jobs), captured.value)
    }

    @Test(arguments: [1, 3])
    func corruptFileFailsAloneAndLeavesNothing(threads: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 5, corrupt: [2])
        let (summary, log) = try run([input], to: folder.file("out"), threads: threads)
        #expect(summary.done == 4 && summary.failed == 1)
        #expect(log.contains("image02.png: not an RSRT file"))
        let written = FileManager.default.subpathsSafe(folder.file("out"))
        #expect(written == ["image00_x2.png", "image01_x2.png", "image03_x2.png", "image04_x2.png"])
    }

    @Test func outputsMatchTheSingleImagePipeline() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 2)
        _ = try run([input], to: folder.file("out"))
        let upscaler = BoxBlurUpscaler(scale: 2, blurs: 1)
        let source = try FakeImageIO().decode((input as NSString).appendingPathComponent("image01.png"))
        let expected = try UpscalePipeline(upscaler: upscaler).upscaleWhole(source).rows(bitDepth: 8)
        let written = try FakeImageIO.decode(Data(contentsOf: URL(fileURLWithPath: folder.file("out/image01_x2.png"))), path: "")
        guard case .eight(let samples) = expected.samples else { Issue.record("expected 8-bit rows"); return }
        #expect(written.width == 16 && written.height == 10 && written.samples == samples.map(UInt16.init))
    }

    /// A folder with an exact size: each file gets the size from its own shape, through the upscaler
    /// that reaches it; a file it cannot reach fails alone.
    @Test func folderOfExactSizes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 3)  // 7x5, 8x5, 9x5
        let size = OutputSize.width(24)
        let jobs = try BatchPlan.jobs(inputs: [input], discovery: FileDiscovery(), naming: OutputNaming(folder: folder.file("out"), size: size))
        let pipeline = try UpscalePipeline(upscalers: [2, 3].map { BoxBlurUpscaler(scale: $0, blurs: 1) }, size: size,
                                           budget: TilingBudget(threads: 2), tileSize: 3)
        let captured = CapturedOutput()
        let summary = BatchRunner(pipeline: pipeline, io: FakeImageIO(), options: BatchOptions(),
                                  reporter: captured.reporter(.lines)).run(jobs)
        // 7 wide needs more than x3: only x2 and x3 are offered.
        #expect(summary.done == 2 && summary.failed == 1)
        #expect(captured.value.contains("image00.png") && captured.value.contains("needs a larger scale"))
        for (name, height) in [("image01_x24w.png", 15), ("image02_x24w.png", 13)] {
            let written = try FakeImageIO.decode(Data(contentsOf: URL(fileURLWithPath: folder.file("out/" + name))), path: "")
            #expect(written.width == 24 && written.height == height, "\(name)")
        }
    }

    @Test func resumeSkipsFinishedOutputs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 4)
        _ = try run([input], to: folder.file("out"))
        try FileManager.default.removeItem(atPath: folder.file("out/image01_x2.png"))
        let (summary, _) = try run([input], to: folder.file("out"))
        #expect(summary.done == 1 && summary.skipped == 3)
        var options = BatchOptions()
        options.overwrite = true
        #expect(try run([input], to: folder.file("out"), options: options).0.done == 4)
    }

    /// A folder where an output belongs is neither a finished output (skipped) nor replaceable: that
    /// file fails with the reason, the folder and its contents stay, the other files are written.
    @Test(arguments: [false, true])
    func outputPathThatIsAFolderFailsThatFile(overwrite: Bool) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 2)
        try FileManager.default.createDirectory(atPath: folder.file("out/image01_x2.png"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: folder.file("out/image01_x2.png/inside.txt")))
        var options = BatchOptions()
        options.overwrite = overwrite
        let (summary, log) = try run([input], to: folder.file("out"), options: options)
        #expect(summary.done == 1 && summary.failed == 1 && summary.skipped == 0)
        #expect(log.contains("image01_x2.png is a folder"), "\(log)")
        #expect(FileManager.default.subpathsSafe(folder.file("out/image01_x2.png")) == ["inside.txt"])
        #expect(FileManager.default.subpathsSafe(folder.file("out")) == ["image00_x2.png", "image01_x2.png"])
    }

    /// An output folder (or one of its parents) that is a regular file: each file fails naming the
    /// file in the way, and that file is left as it was.
    @Test(arguments: ["out", "out/nested"])
    func outputFolderThatIsAFileFailsWithItsName(output: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 2)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: folder.file("out")))
        let (summary, log) = try run([input], to: folder.file(output))
        #expect(summary.done == 0 && summary.failed == 2)
        #expect(log.contains("\(folder.file("out")) is a file, not a folder"), "\(log)")
        #expect(try String(contentsOfFile: folder.file("out"), encoding: .utf8) == "keep")
    }

    @Test(arguments: [1, 2])
    func cancellationDiscardsTheFileInFlight(threads: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 3)
        let flag = CancellationFlag()
        let upscaler = CancellingUpscaler(inner: BoxBlurUpscaler(scale: 2, blurs: 1), flag: flag, afterCalls: 5)
        let (summary, _) = try run([input], to: folder.file("out"), upscaler: upscaler, cancellation: flag, threads: threads)
        #expect(summary.cancelled == 1 && summary.failed == 0, "\(summary.description) \(summary.cancelled) \(summary.notStarted)")
        #expect(summary.done + summary.cancelled + summary.notStarted == 3)
        // Only complete outputs, no temporary files.
        for name in FileManager.default.subpathsSafe(folder.file("out")) {
            #expect(!name.hasPrefix("."))
            #expect(try FakeImageIO().decode(folder.file("out/" + name)).height == 10)
        }
    }

    @Test func failFastStopsAfterTheFirstFailure() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 6, corrupt: [0])
        var options = BatchOptions()
        options.failFast = true
        let (summary, _) = try run([input], to: folder.file("out"), options: options)
        #expect(summary.failed == 1 && summary.done < 5)
    }

    @Test func neverOverwritesTheInput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 1)
        let before = try Data(contentsOf: URL(fileURLWithPath: input + "/image00.png"))
        let jobs = try BatchPlan.jobs(inputs: [input], discovery: FileDiscovery(),
                                      naming: OutputNaming(folder: input + "/", template: "{stem}.{ext}", scale: 2))
        var options = BatchOptions()
        options.overwrite = true
        let captured = CapturedOutput()
        let summary = BatchRunner(pipeline: try UpscalePipeline(upscaler: BoxBlurUpscaler(scale: 2, blurs: 0)), io: FakeImageIO(),
                                  options: options, reporter: captured.reporter(.lines)).run(jobs)
        #expect(jobs.count == 1)
        #expect(summary.failed == 1 && captured.value.contains("would replace the input"), "\(captured.value)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input + "/image00.png")) == before)
    }

    @Test func dryRunWritesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 3)
        var options = BatchOptions()
        options.dryRun = true
        let (summary, log) = try run([input], to: folder.file("out"), options: options)
        #expect(summary.planned == 3 && !FileManager.default.fileExists(atPath: folder.file("out")))
        #expect(log.contains("would write"))
    }

    @Test func jsonLinesDescribeEachFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try makeInputs(folder, count: 2, corrupt: [1])
        let (_, log) = try run([input], to: folder.file("out"), style: .json)
        let objects = try log.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 2)
        let done = try #require(objects.first { $0["status"] as? String == "done" })
        #expect(done["input_size"] as? [Int] == [7, 5] && done["output_size"] as? [Int] == [14, 10] && done["ms"] != nil)
        let failed = try #require(objects.first { $0["status"] as? String == "failed" })
        #expect((failed["error"] as? String)?.contains("not an RSRT file") == true)
    }
}

/// Passes through to `inner`, and sets `flag` on its `afterCalls`-th call (a Ctrl-C mid-file).
final class CancellingUpscaler: Upscaler, @unchecked Sendable {
    let inner: any Upscaler
    let flag: CancellationFlag
    let afterCalls: Int
    private let lock = NSLock()
    private var calls = 0

    init(inner: any Upscaler, flag: CancellationFlag, afterCalls: Int) {
        self.inner = inner
        self.flag = flag
        self.afterCalls = afterCalls
    }

    var scale: Int { inner.scale }
    var contextRadius: Int { inner.contextRadius }
    var workingBytesPerInputPixel: Int { inner.workingBytesPerInputPixel }
    var usesAllCores: Bool { inner.usesAllCores }
    var resizesInOneStep: Bool { inner.resizesInOneStep }

    func upscale(_ image: FloatImage) throws -> FloatImage {
        let count = lock.withLock { calls += 1; return calls }
        if count == afterCalls { flag.cancel() }
        return try inner.upscale(image)
    }
}

extension FileManager {
    func subpathsSafe(_ path: String) -> [String] { ((try? contentsOfDirectory(atPath: path)) ?? []).sorted() }
}
