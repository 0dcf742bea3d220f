import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

/// Real files through the real codecs and the batch runner, as `rsr upscale` runs them.
@Suite struct EndToEndTests {
    /// Upscales `files` (name -> encoded bytes) with bicubic x`scale` and returns the decoded outputs.
    /// `size`, when given, asks for that size instead (bicubic x2, x3 and x4 offered, as the shipped models are).
    func upscale(_ files: [String: [UInt8]], scale: Int = 2, size: OutputSize? = nil, format: Image.Format? = nil, tile: Int = 8,
                 residual: Bool = false, hr: [String: [UInt8]] = [:], maxPixels: Int = DecodeLimits.default.maxPixels,
                 before: (TemporaryFolder) throws -> Void = { _ in })
        throws -> (outputs: [String: Image], summary: BatchSummary, folder: TemporaryFolder, log: String) {
        let folder = try TemporaryFolder()
        try before(folder)
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: folder.file("in/" + name).ensuringFolder())) }
        for (name, bytes) in hr { try Data(bytes).write(to: URL(fileURLWithPath: folder.file("hr/" + name).ensuringFolder())) }
        let naming = OutputNaming(folder: folder.file("out"), size: size ?? .scale(Double(scale)), format: format?.fileExtension)
        let jobs = try BatchPlan.jobs(inputs: [folder.file("in")], discovery: FileDiscovery(), naming: naming)
        var options = BatchOptions()
        options.format = format
        if residual {
            options.residual = ResidualOptions(folder: folder.file("maps"), size: size ?? .scale(Double(scale)), raw: .png,
                                               hrFolder: hr.isEmpty ? nil : folder.file("hr"))
        }
        let pipeline = try size.map { size in
            try UpscalePipeline(upscalers: try (2...4).map { try BicubicUpscaler(scale: $0) }, size: size,
                                budget: TilingBudget(threads: 2), tileSize: tile)
        } ?? UpscalePipeline(upscaler: try BicubicUpscaler(scale: scale), budget: TilingBudget(threads: 2), tileSize: tile)
        let log = CapturedOutput()
        let summary = BatchRunner(pipeline: pipeline, io: CodecImageIO(limits: DecodeLimits(maxPixels: maxPixels)), options: options,
                                  reporter: log.reporter(.quiet)).run(jobs)
        var outputs: [String: Image] = [:]
        for job in jobs where FileManager.default.fileExists(atPath: job.output) {
            outputs[(job.output as NSString).lastPathComponent] = try Image.decode(file: job.output)
        }
        return (outputs, summary, folder, log.value)
    }

    /// Bicubic of the whole image, quantised: what every tiled, streamed output must equal.
    func expected(_ image: Image, scale: Int) -> Image {
        let (color, alpha) = image.floatPlanes()
        let upscaledColor = image.colorChannels == 1
            ? Luminance.of(Bicubic.resize(FloatImage.stacking([color, color, color]), scale: Double(scale)))
            : Bicubic.resize(color, scale: Double(scale))
        return Image(color: upscaledColor, alpha: alpha.map { Bicubic.resize($0, scale: Double(scale)) },
                     bitDepth: image.bitDepth)
    }

    @Test func goldenRGBMatchesWholeImageBicubic() throws {
        let input = TestImages.pattern8(width: 23, height: 17, channels: 3)
        let (outputs, summary, folder, _) = try upscale(["ramp.png": try input.encode(format: .png)], scale: 3)
        defer { folder.remove() }
        #expect(summary.done == 1)
        let output = try #require(outputs["ramp_x3.png"])
        #expect(output.width == 69 && output.height == 51 && output.channels == 3 && output.bitDepth == 8)
        #expect(TestImages.maxDifference(output, expected(input, scale: 3)) <= 1)
        // Nothing but the output in the folder (no temporary files).
        #expect(FileManager.default.subpathsSafe(folder.file("out")) == ["ramp_x3.png"])
    }

    @Test func alphaGrayAndSixteenBitKeepTheirLayout() throws {
        let rgba = TestImages.pattern8(width: 13, height: 11, channels: 4)
        let grayAlpha = TestImages.pattern8(width: 9, height: 14, channels: 2)
        let gray = TestImages.pattern8(width: 10, height: 10, channels: 1)
        let deep = TestImages.pattern16(width: 12, height: 9, channels: 3)
        let (outputs, summary, folder, _) = try upscale([
            "rgba.png": try rgba.encode(format: .png), "ga.png": try grayAlpha.encode(format: .png),
            "gray.png": try gray.encode(format: .png), "deep.png": try deep.encode(format: .png),
        ])
        defer { folder.remove() }
        #expect(summary.done == 4)
        for (name, input) in [("rgba_x2.png", rgba), ("ga_x2.png", grayAlpha), ("gray_x2.png", gray), ("deep_x2.png", deep)] {
            let output = try #require(outputs[name])
            #expect(output.channels == input.channels && output.bitDepth == input.bitDepth, "\(name)")
            #expect(output.width == 2 * input.width && output.height == 2 * input.height, "\(name)")
            let tolerance = input.bitDepth == 16 ? 2 : 1
            #expect(TestImages.maxDifference(output, expected(input, scale: 2)) <= tolerance, "\(name)")
        }
    }

    @Test func inMemoryUpscaleEqualsTheFile() throws {
        var input = TestImages.pattern16(width: 11, height: 7, channels: 4)
        input.iccProfile = TestICC.profile(description: "Test RGB")
        let (outputs, _, folder, _) = try upscale(["deep.png": try input.encode(format: .png)])
        defer { folder.remove() }
        let inMemory = try UpscalePipeline(upscaler: try BicubicUpscaler(scale: 2), tileSize: 3).upscale(input)
        let written = try #require(outputs["deep_x2.png"])
        #expect(inMemory.samples == written.samples && inMemory.iccProfile == input.iccProfile)
        #expect(inMemory.width == 22 && inMemory.height == 14 && inMemory.channels == 4 && inMemory.bitDepth == 16)
    }

    @Test func iccProfileIsCarriedOver() throws {
        var input = TestImages.pattern8(width: 8, height: 8, channels: 3)
        input.iccProfile = TestICC.profile(description: "Test RGB")
        let (outputs, _, folder, _) = try upscale(["icc.png": try input.encode(format: .png),
                                                "icc.jpg": try input.encode(format: .jpeg)])
        defer { folder.remove() }
        #expect(outputs["icc_x2.png"]?.iccProfile == input.iccProfile)
        #expect(outputs["icc_x2.jpg"]?.iccProfile == input.iccProfile)
    }

    @Test func orientationIsAppliedBeforeUpscaling() throws {
        // Stored 16x24 with EXIF orientation 6 (rotate 90 clockwise): upright it is 24x16.
        let jpeg = try TestImages.orientedGrid(orientation: 6, littleEndian: true)
        let upright = try Image.decode(data: jpeg)
        let (outputs, _, folder, _) = try upscale(["turned.jpg": jpeg], format: .png)
        defer { folder.remove() }
        let output = try #require(outputs["turned_x2.png"])
        #expect(upright.width == 24 && output.width == 48 && output.height == 32)
        #expect(TestImages.maxDifference(output, expected(upright, scale: 2)) <= 1)
        // Written upright: the output carries no orientation to apply twice.
        #expect(output.orientation == 1)
    }

    @Test func jpegOutputFlattensAlpha() throws {
        var samples = [UInt8]()
        for _ in 0..<(6 * 6) { samples += [200, 0, 0, 0] } // red, fully transparent
        let input = Image(width: 6, height: 6, channels: 4, samples: .eight(samples))
        let (outputs, _, folder, _) = try upscale(["clear.png": try input.encode(format: .png)], format: .jpeg)
        defer { folder.remove() }
        let output = try #require(outputs["clear_x2.jpg"])
        // Transparent over white is white, not the hidden red.
        #expect(output.channels == 3 && TestImages.maxDifference(output, Image(floatImage: FloatImage(
            width: 12, height: 12, channels: 3, repeating: 1))) <= 3)
    }

    @Test func residualMapsAreWrittenNextToTheOutput() throws {
        let input = TestImages.pattern8(width: 16, height: 12, channels: 3)
        let (_, summary, folder, _) = try upscale(["ramp.png": try input.encode(format: .png)], residual: true)
        defer { folder.remove() }
        #expect(summary.done == 1)
        #expect(FileManager.default.subpathsSafe(folder.file("maps"))
            == ["ramp_x2_residual.png", "ramp_x2_residual16.png", "ramp_x2_strip.png"])
        let raw = try Image.decode(file: folder.file("maps/ramp_x2_residual16.png"))
        // Bicubic minus bicubic: exactly zero everywhere, i.e. the offset 32768.
        #expect(raw.bitDepth == 16 && raw.samples == .sixteen([UInt16](repeating: 32768, count: 32 * 24)))
    }

    /// At 2.5 (and at an exact width) the maps have the output's size and name: bicubic x3 shrunk to
    /// the size against `imresize` straight to it, which differ by little but not by nothing.
    @Test(arguments: [(OutputSize.scale(2.5), "2.5", 40, 30), (.width(21), "21w", 21, 16)])
    func residualMapsAtAnySize(size: OutputSize, label: String, width: Int, height: Int) throws {
        let input = TestImages.pattern8(width: 16, height: 12, channels: 3)
        let (outputs, summary, folder, log) = try upscale(["ramp.png": try input.encode(format: .png)], size: size, residual: true)
        defer { folder.remove() }
        #expect(summary.done == 1, "\(log)")
        let output = try #require(outputs["ramp_x\(label).png"])
        #expect(output.width == width && output.height == height)
        #expect(FileManager.default.subpathsSafe(folder.file("maps"))
            == ["ramp_x\(label)_residual.png", "ramp_x\(label)_residual16.png", "ramp_x\(label)_strip.png"])
        let raw = try Image.decode(file: folder.file("maps/ramp_x\(label)_residual16.png"))
        #expect(raw.width == width && raw.height == height)
        guard case .sixteen(let samples) = raw.samples else { Issue.record("not 16-bit"); return }
        let values = samples.map { abs(RawResidual.value(fromPNGSample: $0)) }
        #expect(values.max() ?? 1 < 8.0 / 255, "two bicubic routes to one size differ by a few levels at most")
        let map = try Image.decode(file: folder.file("maps/ramp_x\(label)_residual.png"))
        #expect(map.height >= height && map.width > width)
    }
}

extension EndToEndTests {
    /// A killed `--residual` run leaves temporaries of the maps; the rerun removes exactly those.
    @Test func residualRerunRemovesStaleTemporariesOfItsMaps() throws {
        let input = TestImages.pattern8(width: 8, height: 6, channels: 3)
        let stale = [".ramp_x2_residual.png.rsr-a1B2c3", ".ramp_x2_strip.png.rsr-000000", ".ramp_x2_residual16.png.rsr-zzzzzz"]
        let strangers = [".other_x2_residual.png.rsr-a1B2c3", ".ramp_x2_strip.png.rsr-toolong1", "notes.txt"]
        let (_, summary, folder, _) = try upscale(["ramp.png": try input.encode(format: .png)], residual: true) { folder in
            for name in stale + strangers {
                try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("maps/" + name).ensuringFolder()))
            }
        }
        defer { folder.remove() }
        #expect(summary.done == 1)
        #expect(FileManager.default.subpathsSafe(folder.file("maps"))
            == (["ramp_x2_residual.png", "ramp_x2_residual16.png", "ramp_x2_strip.png"] + strangers).sorted())
    }

    @Test func groundTruthAddsPanelsToTheStrip() throws {
        let hr = TestImages.pattern8(width: 24, height: 16, channels: 3)
        let lr = Image(floatImage: Bicubic.resize(hr.floatImage(), scale: 0.5))
        let (_, plain, plainFolder, _) = try upscale(["p.png": try lr.encode(format: .png)], residual: true)
        defer { plainFolder.remove() }
        let (_, summary, folder, _) = try upscale(["p.png": try lr.encode(format: .png)], residual: true,
                                               hr: ["p.png": try hr.encode(format: .png)])
        defer { folder.remove() }
        #expect(plain.done == 1 && summary.done == 1)
        let withTruth = try Image.decode(file: folder.file("maps/p_x2_strip.png"))
        let without = try Image.decode(file: plainFolder.file("maps/p_x2_strip.png"))
        // Three more 24-pixel panels: HR, HR - bicubic, SR - HR.
        #expect(withTruth.width >= without.width + 3 * 24)
    }

    @Test func oversizedAndCorruptInputsFailWithTheirReason() throws {
        let small = TestImages.pattern8(width: 8, height: 8, channels: 3)
        let large = TestImages.pattern8(width: 40, height: 40, channels: 3)
        let (outputs, summary, folder, log) = try upscale([
            "small.png": try small.encode(format: .png), "large.png": try large.encode(format: .png),
            "broken.png": Array(try small.encode(format: .png).prefix(60)),
        ], maxPixels: 1000)
        let errors = log.split(separator: "\n")
        #expect(errors.count == 2, "\(log)")
        #expect(errors.contains { $0.contains("large.png: ") && $0.contains("40x40") && $0.contains("limit") }, "\(log)")
        #expect(errors.contains { $0.contains("broken.png: ") })
        defer { folder.remove() }
        #expect(summary.done == 1 && summary.failed == 2)
        #expect(Array(outputs.keys) == ["small_x2.png"])
        #expect(FileManager.default.subpathsSafe(folder.file("out")) == ["small_x2.png"])
    }
}

extension String {
    /// Creates the parent folder of this path; returns the path.
    func ensuringFolder() throws -> String {
        try FileManager.default.createDirectory(atPath: (self as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        return self
    }
}
