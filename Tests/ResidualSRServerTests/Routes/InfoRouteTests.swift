import Hummingbird
import HummingbirdTesting
import Testing
@testable import ResidualSRServer

@Suite struct InfoRouteTests {
    @Test func modelsListsTheEngineModels() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            let response = try await client.get("/v1/models")
            #expect(response.status == .ok)
            #expect(response.json["default"] as? String == "fake")
            let models = response.json["models"] as? [[String: Any]]
            #expect(models?.first?["scales"] as? [Int] == [2, 3, 4])
        }
    }

    @Test func probes() async throws {
        let server = try TestServer.make()
        try await TestServer.run(server) { client in
            #expect(try await client.get("/healthz").status == .ok)
            #expect(try await client.get("/readyz").status == .ok)
            server.state.beginShutdown()
            let notReady = try await client.get("/readyz")
            #expect(notReady.status == .serviceUnavailable)
            #expect(notReady.errorCode == "shutting_down")
            #expect(try await client.get("/healthz").status == .ok, "liveness does not depend on readiness")
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            _ = try await client.post("/v1/upscale?scale=2", body: TestImages.png(width: 10, height: 10))
            _ = try await client.post("/v1/upscale?scale=2", body: Array("nope".utf8))
            _ = try await client.get("/v1/jobs/0123456789abcdef0123456789abcdef")
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true)
            let text = String(decoding: response.bytes, as: UTF8.self)
            #expect(text.contains(#"rsr_http_requests_total{route="/v1/upscale",method="POST",status="200"} 1"#))
            #expect(text.contains(#"rsr_http_requests_total{route="/v1/upscale",method="POST",status="415"} 1"#))
            #expect(text.contains(#"rsr_errors_total{code="unsupported_media_type"} 1"#))
            #expect(text.contains(#"rsr_errors_total{code="job_not_found"} 1"#))
            #expect(text.contains("rsr_http_request_duration_seconds_bucket"))
            #expect(text.contains("rsr_output_megapixels_total 0.0004"))
            #expect(text.contains("rsr_work_in_flight 0"))
            #expect(text.contains("rsr_work_queued 0"))
            #expect(text.contains(#"rsr_cache_requests_total{result="miss"} 1"#))
            // Route templates, not raw ids, label the job routes.
            #expect(!text.contains("0123456789abcdef0123456789abcdef"))
        }
    }
}
