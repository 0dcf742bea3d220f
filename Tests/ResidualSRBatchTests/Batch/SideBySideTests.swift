import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRBatch
import ResidualSRTestSupport

/// Small images run side by side on one kernel thread each; a large one waits for the lanes and has
/// every core. Ordered by name: two small, one large, two small.
@Suite struct SideBySideTests {
    static let files = [("a0", 16), ("a1", 17), ("b", 320), ("c0", 18), ("c1", 19)]

    @Test func smallImagesShareTheCoresAndALargeOneWaitsForThem() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = folder.file("in")
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for (index, (name, side)) in Self.files.enumerated() {
            try FakeImageIO.encode(testImage(width: side, height: side, channels: 3, seed: UInt64(index + 1)))
                .write(to: URL(fileURLWithPath: (input as NSString).appendingPathComponent(name + ".png")))
        }
        let probe = LaneProbe()
        let jobs = try BatchPlan.jobs(inputs: [input], discovery: FileDiscovery(),
                                      naming: OutputNaming(folder: folder.file("out"), scale: 2))
        // 64-pixel tiles: the large image's tiles are 64 wide or more, the small images one tile each.
        let pipeline = try UpscalePipeline(upscaler: probe, budget: TilingBudget(threads: 2), tileSize: 64)
        let summary = BatchRunner(pipeline: pipeline, io: FakeImageIO(), options: BatchOptions(),
                                  reporter: CapturedOutput().reporter(.lines)).run(jobs)
        #expect(summary.done == Self.files.count)

        let seen = probe.seen
        #expect(probe.paired, "the first two small images were never in flight together")
        #expect(seen.filter { $0.width < 40 }.count == 4)
        for call in seen where call.width < 40 { #expect(call.threads == 1, "\(call)") }
        let large = seen.filter { $0.width >= 40 }  // the tiles of the 320x320 image
        #expect(!large.isEmpty)
        for call in large { #expect(call.threads == Parallelism.threads && call.othersInFlight == 0, "\(call)") }

        for (name, _) in Self.files {
            let source = try FakeImageIO().decode((input as NSString).appendingPathComponent(name + ".png"))
            let expected = try UpscalePipeline(upscaler: BoxBlurUpscaler(scale: 2, blurs: 1)).upscaleWhole(source).rows(bitDepth: 8)
            let written = try FakeImageIO.decode(Data(contentsOf: URL(fileURLWithPath: folder.file("out/\(name)_x2.png"))), path: "")
            guard case .eight(let samples) = expected.samples else { Issue.record("expected 8-bit rows"); return }
            #expect(written.samples == samples.map(UInt16.init), "\(name)")
        }
    }
}

/// A box-blur upscaler that claims to use every core, recording for each call the kernel thread count
/// it saw and how many other calls were in flight. The first small image waits for a second to start
/// beside it (a gate; the 60 s bound only turns a missing lane into a failure instead of a hang).
private final class LaneProbe: Upscaler, @unchecked Sendable {
    struct Call { var width: Int; var threads: Int; var othersInFlight: Int }
    private let inner = BoxBlurUpscaler(scale: 2, blurs: 1)
    private let condition = NSCondition()
    private var active = 0
    private var calls: [Call] = []
    private var pairedFlag = false

    var seen: [Call] { condition.withLock { calls } }
    var paired: Bool { condition.withLock { pairedFlag } }

    var scale: Int { inner.scale }
    var contextRadius: Int { inner.contextRadius }
    var workingBytesPerInputPixel: Int { inner.workingBytesPerInputPixel }
    var usesAllCores: Bool { true }
    var resizesInOneStep: Bool { false }

    func upscale(_ image: FloatImage) throws -> FloatImage {
        condition.lock()
        calls.append(Call(width: image.width, threads: Parallelism.threads, othersInFlight: active))
        if active > 0 { pairedFlag = true }
        active += 1
        condition.broadcast()
        if image.width < 40 && calls.count == 1 {
            // Until a second call has started (it may be over by the time this one wakes).
            let deadline = Date().addingTimeInterval(60)
            while !pairedFlag && condition.wait(until: deadline) {}
        }
        condition.unlock()
        defer { condition.withLock { active -= 1 } }
        return try inner.upscale(image)
    }
}
