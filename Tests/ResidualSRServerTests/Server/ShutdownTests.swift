import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing
@testable import ResidualSRServer

/// Graceful shutdown with the same service group `rsr serve` uses, minus the signals.
@Suite struct ShutdownTests {
    /// Starts `server` in the service group `rsr serve` runs (without signal handlers).
    private func start(_ server: SuperResolutionServer) async throws -> (ServiceGroup, Task<Void, any Error>, Int) {
        let port = PortBox()
        let group = server.makeServiceGroup(handlesSignals: false) { port.set($0) }
        let task = Task { try await server.serve(group) }
        try await waitUntil { port.value != nil }
        return (group, task, port.value ?? 0)
    }

    @Test func inFlightRequestFinishesAfterShutdownBegins() async throws {
        let server = try TestServer.make(engine: FakeEngine(delay: .milliseconds(500))) { $0.gracePeriod = .seconds(10) }
        let (group, task, port) = try await start(server)
        let response = Task {
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.post("/v1/upscale", body: ByteBuffer(bytes: TestImages.png(width: 4, height: 4)))
            }
        }
        try await waitUntil { await server.processor.limiter.snapshot.running == 1 }
        await group.triggerGracefulShutdown()
        #expect(try await response.value.status == .ok)
        try await task.value
        #expect(server.state.isShuttingDown)
    }

    @Test func graceExpiryCancelsStuckWork() async throws {
        let server = try TestServer.make(engine: FakeEngine(delay: .seconds(60))) {
            $0.requestTimeout = .seconds(120)
            $0.gracePeriod = .milliseconds(300)
        }
        let (group, task, port) = try await start(server)
        let response = Task {
            try? await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.post("/v1/upscale", body: ByteBuffer(bytes: TestImages.png(width: 4, height: 4)))
            }
        }
        try await waitUntil { await server.processor.limiter.snapshot.running == 1 }
        let clock = ContinuousClock()
        let start = clock.now
        await group.triggerGracefulShutdown()
        try await task.value  // cancelled work at the end of the grace period is not an error
        #expect(clock.now - start < .seconds(10), "the group stops soon after the grace period")
        _ = await response.value
    }

    @Test func runningJobsFinishBeforeExit() async throws {
        let server = try TestServer.make(engine: FakeEngine(delay: .milliseconds(400))) { $0.gracePeriod = .seconds(10) }
        let (group, task, port) = try await start(server)
        let accepted = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.post("/v1/jobs", body: ByteBuffer(bytes: TestImages.png(width: 4, height: 4)))
        }
        #expect(accepted.status == .accepted)
        await group.triggerGracefulShutdown()
        try await task.value
        let ids = server.jobs.allIDs
        #expect(ids.count == 1)
        #expect(server.jobs.record(ids[0])?.status == .done)
    }
}

final class PortBox: Sendable {
    private let state = Locked<Int?>(nil)
    var value: Int? { state.withLock { $0 } }
    func set(_ port: Int) { state.withLock { $0 = port } }
}
