import Foundation
import Hummingbird
import HummingbirdTesting
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
import Testing
@testable import ResidualSRServer

@Suite struct JobLifecycleTests {
    private func pollUntilFinished(_ client: any TestClientProtocol, _ statusURL: String) async throws -> TestResponse {
        for _ in 0..<500 {
            let response = try await client.get(statusURL)
            let status = response.json["status"] as? String
            if status == "done" || status == "failed" { return response }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("job did not finish")
        return try await client.get(statusURL)
    }

    @Test func submitPollAndFetch() async throws {
        let gate = AsyncGate()
        let server = try TestServer.make(engine: FakeEngine(gate: gate))
        try await TestServer.run(server) { client in
            let accepted = try await client.post("/v1/jobs?scale=2", body: TestImages.png(width: 6, height: 5))
            #expect(accepted.status == .accepted)
            let id = try #require(accepted.json["id"] as? String)
            let statusURL = try #require(accepted.json["status_url"] as? String)
            let resultURL = try #require(accepted.json["result_url"] as? String)
            #expect(statusURL == "/v1/jobs/\(id)")
            #expect(accepted.header("Location") == statusURL)

            let early = try await client.get(resultURL)
            #expect(early.status == .conflict)
            #expect(early.errorCode == "job_not_done")

            let running = try await client.get(statusURL)
            #expect(["queued", "running"].contains(running.json["status"] as? String))
            await gate.open()

            let finished = try await pollUntilFinished(client, statusURL)
            #expect(finished.json["status"] as? String == "done")
            #expect(finished.json["progress"] as? Double == 1)
            #expect(finished.json["result_url"] as? String == resultURL)

            let result = try await client.get(resultURL)
            #expect(result.status == .ok)
            #expect(result.header("Content-Type") == "image/png")
            let probed = try Image.header(data: result.bytes)
            #expect(probed.format == .png && probed.width == 12 && probed.height == 10)
            // Stored on disk under the data directory.
            let files = try FileManager.default.contentsOfDirectory(
                atPath: server.configuration.dataDirectory.appendingPathComponent("jobs").path)
            #expect(files.sorted() == ["\(id).json", "\(id).png"])
        }
    }

    @Test func failedJobReportsItsError() async throws {
        let engine = FakeEngine(failure: RSRError(.corrupt, "bad huffman table"))
        try await TestServer.run(try TestServer.make(engine: engine)) { client in
            let accepted = try await client.post("/v1/jobs?operation=residual", body: TestImages.png(width: 4, height: 4))
            let finished = try await pollUntilFinished(client, "/v1/jobs/\(accepted.json["id"] as? String ?? "")")
            #expect(finished.json["status"] as? String == "failed")
            let error = finished.json["error"] as? [String: Any]
            #expect(error?["code"] as? String == "corrupt_image")
            #expect((error?["message"] as? String)?.contains("huffman") == true)
            let result = try await client.get("/v1/jobs/\(accepted.json["id"] as? String ?? "")/result")
            #expect(result.status == .conflict)
            #expect(result.errorCode == "job_failed")
        }
    }

    @Test func unknownAndMalformedIDsAre404() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            for path in ["/v1/jobs/0123456789abcdef0123456789abcdef", "/v1/jobs/..%2F..%2Fetc",
                         "/v1/jobs/0123456789abcdef0123456789abcdef/result", "/v1/jobs/XYZ/result"] {
                let response = try await client.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.errorCode == "job_not_found", "\(path)")
            }
        }
    }

    @Test func tooManyPendingJobsIs503() async throws {
        let gate = AsyncGate()
        let server = try TestServer.make(engine: FakeEngine(gate: gate)) { $0.maxPendingJobs = 1 }
        try await TestServer.run(server) { client in
            #expect(try await client.post("/v1/jobs", body: TestImages.png(width: 4, height: 4)).status == .accepted)
            let rejected = try await client.post("/v1/jobs", body: TestImages.png(width: 5, height: 4))
            #expect(rejected.status == .serviceUnavailable)
            #expect(rejected.errorCode == "queue_full")
            await gate.open()
        }
    }

    @Test func expiredJobsAreSweptWithTheirFiles() async throws {
        let server = try TestServer.make { $0.jobTTL = .seconds(60) }
        try await TestServer.run(server) { client in
            let accepted = try await client.post("/v1/jobs", body: TestImages.png(width: 4, height: 4))
            let id = try #require(accepted.json["id"] as? String)
            _ = try await pollUntilFinished(client, "/v1/jobs/\(id)")
            server.jobs.sweep(now: Date().addingTimeInterval(30))
            #expect(try await client.get("/v1/jobs/\(id)").status == .ok, "not expired yet")
            server.jobs.sweep(now: Date().addingTimeInterval(61))
            #expect(try await client.get("/v1/jobs/\(id)").status == .notFound)
            let files = try FileManager.default.contentsOfDirectory(
                atPath: server.configuration.dataDirectory.appendingPathComponent("jobs").path)
            #expect(files.isEmpty)
        }
    }

    @Test func storeStaysWithinItsByteBudget() async throws {
        // Each fake result of a 4x4 input at x2 is one small PNG; allow room for about two.
        let resultSize = TestImages.png(width: 8, height: 8).count
        let server = try TestServer.make { $0.jobMaxBytes = resultSize * 2 + resultSize / 2; $0.cacheBytes = 0 }
        try await TestServer.run(server) { client in
            var ids: [String] = []
            for _ in 0..<3 {
                let accepted = try await client.post("/v1/jobs", body: TestImages.png(width: 4, height: 4))
                let id = try #require(accepted.json["id"] as? String)
                _ = try await pollUntilFinished(client, "/v1/jobs/\(id)")
                ids.append(id)
            }
            #expect(try await client.get("/v1/jobs/\(ids[0])").status == .notFound, "oldest evicted")
            #expect(try await client.get("/v1/jobs/\(ids[1])/result").status == .ok)
            #expect(try await client.get("/v1/jobs/\(ids[2])/result").status == .ok)
            #expect(server.jobs.storedBytes <= server.configuration.jobMaxBytes)
        }
    }

    @Test func finishedJobsSurviveARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rsr-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try TestServer.make { $0.dataDirectory = directory }
        let id: String = try await first.makeApplication().test(.live) { client in
            let accepted = try await client.post("/v1/jobs", body: TestImages.png(width: 4, height: 4))
            let id = try #require(accepted.json["id"] as? String)
            _ = try await pollUntilFinished(client, "/v1/jobs/\(id)")
            return id
        }
        // A leftover partial write (the store's temporary name) must not survive either.
        let jobs = directory.appendingPathComponent("jobs")
        let partial = ".0123456789abcdef0123456789abcdef.png.\(UUID().uuidString).tmp"
        try Data([1, 2, 3]).write(to: jobs.appendingPathComponent(partial))
        let second = try TestServer.make { $0.dataDirectory = directory }
        try await second.makeApplication().test(.live) { client in
            let result = try await client.get("/v1/jobs/\(id)/result")
            #expect(result.status == .ok)
        }
        #expect(!FileManager.default.fileExists(atPath: jobs.appendingPathComponent(partial).path))
    }
}
