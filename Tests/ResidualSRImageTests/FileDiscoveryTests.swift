import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

@Suite struct DiscoveryTests {
    @Test func flatFolderTakesImagesOnly() throws {
        let folder = try TemporaryFolder(files: TemporaryFolder.imageTree)
        defer { folder.remove() }
        let files = try FileDiscovery().discover([folder.file("tree")])
        #expect(files.map(\.relativePath) == ["a.png", "b.JPG"])
    }

    @Test func recursiveMirrorsAndFilters() throws {
        let folder = try TemporaryFolder(files: TemporaryFolder.imageTree)
        defer { folder.remove() }
        let files = try FileDiscovery(recursive: true, exclude: ["skip_*"]).discover([folder.file("tree")])
        #expect(files.map(\.relativePath) == ["a.png", "b.JPG", "sub/c.png", "sub/deeper/d.jpeg", "sub/deeper/e.WebP"])
        let pngOnly = try FileDiscovery(recursive: true, include: ["sub/*.png"]).discover([folder.file("tree")])
        #expect(pngOnly.map(\.relativePath) == ["sub/c.png", "sub/skip_me.png"])
    }

    @Test func namedFilesAndMissingInputs() throws {
        let folder = try TemporaryFolder(files: TemporaryFolder.imageTree)
        defer { folder.remove() }
        let files = try FileDiscovery().discover([folder.file("tree/notes.txt"), folder.file("tree/a.png"), folder.file("tree/a.png")])
        #expect(files.map(\.relativePath) == ["notes.txt", "a.png"])
        #expect(throws: RSRError.self) { try FileDiscovery().discover([folder.file("nope")]) }
    }

    @Test func listsImagesSortedAndSkipsOtherFiles() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rsr-images-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["b.PNG", "a.jpg", "notes.txt", "c.bmp", "d.webp"] {
            FileManager.default.createFile(atPath: directory + "/" + name, contents: Data())
        }
        let files = try FileDiscovery.imageFiles(in: directory).map { ($0 as NSString).lastPathComponent }
        // Only what a decoder reads: a BMP is not an image here.
        #expect(files == ["a.jpg", "b.PNG", "d.webp"])
        try FileManager.default.removeItem(atPath: directory + "/a.jpg")
        try FileManager.default.removeItem(atPath: directory + "/b.PNG")
        try FileManager.default.removeItem(atPath: directory + "/d.webp")
        #expect(throws: RSRError.self) { try FileDiscovery.imageFiles(in: directory) }
        #expect(throws: RSRError.self) { try FileDiscovery.imageFiles(in: directory + "/missing") }
    }
}
