import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

@Suite struct OutputNamingTests {
    @Test func mirroredTreeNames() throws {
        let folder = try TemporaryFolder(files: TemporaryFolder.imageTree)
        defer { folder.remove() }
        let files = try FileDiscovery(recursive: true, exclude: ["skip_*"]).discover([folder.file("tree")])
        let naming = OutputNaming(folder: "/out", scale: 4, mirrorTree: true)
        #expect(naming.outputPath(for: files[3]) == "/out/sub/deeper/d_x4.jpeg")
    }

    @Test func previousOutputsAreNotInputs() throws {
        let folder = try TemporaryFolder(files: TemporaryFolder.imageTree)
        defer { folder.remove() }
        for name in ["tree/out/a_x2.png", "tree/sub/c_x2.png", "tree/out/unrelated.png"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file(name).ensuringFolder()))
        }
        let mirrored = OutputNaming(folder: folder.file("tree/out"), scale: 2, mirrorTree: true)
        let recursive = FileDiscovery(recursive: true)
        #expect(try BatchPlan.jobs(inputs: [folder.file("tree")], discovery: recursive, naming: mirrored).map(\.file.relativePath)
            == ["a.png", "b.JPG", "out/unrelated.png", "sub/c.png", "sub/c_x2.png", "sub/deeper/d.jpeg", "sub/deeper/e.WebP",
                "sub/skip_me.png"])
        // Written next to the inputs: c_x2.png is c.png's output.
        let beside = OutputNaming(folder: folder.file("tree/sub"), scale: 2)
        #expect(try BatchPlan.jobs(inputs: [folder.file("tree/sub")], discovery: FileDiscovery(), naming: beside)
            .map(\.file.relativePath) == ["c.png", "skip_me.png"])
    }

    @Test func namingTemplates() throws {
        let file = InputFile(path: "/in/x/photo.jpeg", relativePath: "x/photo.jpeg")
        #expect(OutputNaming(folder: "o", scale: 3).outputPath(for: file) == "o/photo_x3.jpeg")
        #expect(OutputNaming(folder: "o", template: "{stem}-sr{scale}.{ext}", scale: 2, format: "png")
            .outputPath(for: file) == "o/photo-sr2.png")
        #expect(OutputNaming(folder: "o", size: .scale(2.5)).outputPath(for: file) == "o/photo_x2.5.jpeg")
        #expect(OutputNaming(folder: "o", size: .width(1920)).outputPath(for: file) == "o/photo_x1920w.jpeg")
        #expect(OutputNaming(folder: "o", size: .fit(width: 640, height: 480)).outputPath(for: file) == "o/photo_xfit640x480.jpeg")
        #expect(throws: RSRError.self) { try OutputNaming.validate(template: "{name}.png") }
        #expect(throws: RSRError.self) { try OutputNaming.validate(template: "out_{scale}.png") }
        try OutputNaming.validate(template: OutputNaming.defaultTemplate)
    }
}
