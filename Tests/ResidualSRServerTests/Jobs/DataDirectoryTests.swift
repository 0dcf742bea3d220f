import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch
import Testing
@testable import ResidualSRServer

/// The data directory as another local user or a careless admin may have left it.
@Suite struct DataDirectoryTests {
    private let root = FileManager.default.temporaryDirectory.appendingPathComponent("rsr-datadir-tests-\(UUID().uuidString)")

    private func configuration(_ dataDirectory: URL) -> ServerConfiguration {
        TestServer.configuration { $0.dataDirectory = dataDirectory }
    }

    private func startServer(dataDirectory: URL) throws -> SuperResolutionServer {
        try SuperResolutionServer(configuration: configuration(dataDirectory), engine: FakeEngine(), logger: TestServer.logger)
    }

    private func mode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    @Test func symlinkedJobsFolderIsRefusedAndItsTargetUntouched() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let victim = root.appendingPathComponent("victim")
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: victim.appendingPathComponent("thesis.tex"))
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: data.appendingPathComponent("jobs"), withDestinationURL: victim)

        #expect(throws: RSRError.self) { try startServer(dataDirectory: data) }
        #expect(FileManager.default.fileExists(atPath: victim.appendingPathComponent("thesis.tex").path))
    }

    @Test func onlyTheStoresOwnFilesAreCleanedUp() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let jobs = root.appendingPathComponent("jobs")
        try FileManager.default.createDirectory(at: jobs.appendingPathComponent("keep-folder"), withIntermediateDirectories: true)
        let strangers = ["notes.txt", "photo.png", "keep-folder/inner.json"]
        for name in strangers { try Data("x".utf8).write(to: jobs.appendingPathComponent(name)) }
        let orphan = "0123456789abcdef0123456789abcdef.png"
        let partial = ".\(orphan).\(UUID().uuidString).tmp"
        for name in [orphan, partial] { try Data("x".utf8).write(to: jobs.appendingPathComponent(name)) }
        let outside = root.appendingPathComponent("outside.txt")
        try Data("x".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: jobs.appendingPathComponent("fedcba9876543210fedcba9876543210.json"),
                                                   withDestinationURL: outside)

        _ = try startServer(dataDirectory: root)
        for name in strangers { #expect(FileManager.default.fileExists(atPath: jobs.appendingPathComponent(name).path), "\(name)") }
        #expect(!FileManager.default.fileExists(atPath: jobs.appendingPathComponent(orphan).path))
        #expect(!FileManager.default.fileExists(atPath: jobs.appendingPathComponent(partial).path))
        #expect(FileManager.default.fileExists(atPath: outside.path), "a symlink is removed, never followed")
    }

    @Test func dataDirectoryIsCreatedPrivate() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("fresh")
        _ = try startServer(dataDirectory: data)
        #expect(try mode(data) == 0o700)
        #expect(try mode(data.appendingPathComponent("jobs")) == 0o700)
    }

    @Test func worldWritableDataDirectoryIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        chmod(root.path, 0o777)
        let error = try #require(throws: RSRError.self) { try startServer(dataDirectory: root) }
        #expect(error.description.contains("writable by other users"))
        #expect(error.path == root.path)
    }

    @Test(.enabled(if: geteuid() == 0, "only root can hand a folder to another user"))
    func dataDirectoryOwnedBySomeoneElseIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        chmod(root.path, 0o700)
        chown(root.path, 65534, 65534)
        let error = try #require(throws: RSRError.self) { try startServer(dataDirectory: root) }
        #expect(error.description.contains("owned by uid 65534"))
    }

    @Test func jobResultsAreReadableByTheOwnerOnly() async throws {
        let server = try TestServer.make()
        try await TestServer.run(server) { client in
            let accepted = try await client.post("/v1/jobs", body: TestImages.png(width: 4, height: 4))
            let id = try #require(accepted.json["id"] as? String)
            let jobs = server.configuration.dataDirectory.appendingPathComponent("jobs")
            // The record file is written just after the job is marked done.
            for _ in 0..<500 where !FileManager.default.fileExists(atPath: jobs.appendingPathComponent("\(id).json").path) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try mode(jobs.appendingPathComponent("\(id).png")) == 0o600)
            #expect(try mode(jobs.appendingPathComponent("\(id).json")) == 0o600)
        }
    }

    @Test func storeFileNames() {
        let id = "0123456789abcdef0123456789abcdef"
        for name in ["\(id).json", "\(id).png", "\(id).jpg", "\(id).webp", "\(id).tif", "\(id).avif", ".\(id).png.\(UUID().uuidString).tmp"] {
            #expect(DataDirectory.isStoreFileName(name), "\(name)")
        }
        for name in ["notes.txt", "\(id).txt", "\(id)", ".\(id).png.tmp", ".notes.txt.\(UUID().uuidString).tmp", "..", "x.json"] {
            #expect(!DataDirectory.isStoreFileName(name), "\(name)")
        }
    }
}
