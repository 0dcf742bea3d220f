import Hummingbird
import HummingbirdTesting
import Testing
@testable import ResidualSRServer

/// Concurrency limits seen from outside: each request below uses its own connection, as separate
/// clients would.
@Suite struct LoadBehaviourTests {
    private func post(_ uri: String, _ body: [UInt8], port: Int) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "localhost", port: port) { client in
            try await client.post(uri, body: ByteBuffer(bytes: body))
        }
    }

    @Test func concurrentRequestsAllSucceedWithinTheQueue() async throws {
        let gate = AsyncGate()
        let engine = FakeEngine(gate: gate)
        let server = try TestServer.make(engine: engine) { $0.concurrency = 2; $0.queueLength = 8; $0.cacheBytes = 0 }
        try await TestServer.run(server) { client in
            let port = try #require(client.port)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let input = TestImages.png(width: 4 + index, height: 4)
                        return try await post("/v1/upscale?scale=2", input, port: port).status.code
                    }
                }
                // All eight in at once: two running, six waiting in the queue; then let them finish.
                try await waitUntil { await server.processor.limiter.snapshot == (running: 2, queued: 6) }
                await gate.open()
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 8))
        }
        #expect(engine.callCount == 8)
    }

    @Test func fullQueueAnswers503WithRetryAfter() async throws {
        let gate = AsyncGate()
        let engine = FakeEngine(gate: gate)
        let server = try TestServer.make(engine: engine) { $0.concurrency = 1; $0.queueLength = 1; $0.cacheBytes = 0 }
        try await TestServer.run(server) { client in
            let port = try #require(client.port)
            async let first = post("/v1/upscale", TestImages.png(width: 4, height: 4), port: port)
            async let second = post("/v1/upscale", TestImages.png(width: 5, height: 4), port: port)
            try await waitUntil { await server.processor.limiter.snapshot == (running: 1, queued: 1) }
            let rejected = try await client.post("/v1/upscale", body: TestImages.png(width: 6, height: 4))
            #expect(rejected.status == .serviceUnavailable)
            #expect(rejected.errorCode == "queue_full")
            #expect(rejected.header("Retry-After") != nil)
            await gate.open()
            #expect(try await first.status == .ok)
            #expect(try await second.status == .ok)
        }
    }

    @Test func slowRequestTimesOutWith504AndFreesItsSlot() async throws {
        let engine = FakeEngine(gate: AsyncGate()) // never opened: only the deadline ends the work
        let server = try TestServer.make(engine: engine) { $0.concurrency = 1; $0.requestTimeout = .milliseconds(300) }
        try await TestServer.run(server) { client in
            // Without the deadline the fake would never answer: the status is the check.
            let response = try await client.post("/v1/upscale", body: TestImages.png(width: 4, height: 4))
            #expect(response.status == .gatewayTimeout)
            #expect(response.errorCode == "timeout")
            // The fake honours cancellation, so the slot comes back and the server is idle again.
            try await waitUntil { await server.processor.limiter.snapshot == (running: 0, queued: 0) }
        }
    }
}
