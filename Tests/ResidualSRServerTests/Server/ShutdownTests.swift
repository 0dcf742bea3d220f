import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing
import ResidualSRCore
@testable import ResidualSRServer

/// Graceful shutdown with the same service group `rsr serve` uses, minus the signals.
@Suite struct ShutdownTests {

    @Test func inFlightRequestFinishesAfterShutdownBegins() async throws {
        let gate = AsyncGate()
        let server = try TestServer.make(engine: FakeEngine(gate: gate)) { $0.gracePeriod = .seconds(10) }
        let (group, task, port) = try await start(server)
        let response = Task {
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.post("/v1/upscale", body: ByteBuffer(bytes: TestImages.png(width: 4, height: 4)))
            }
        }
        try await waitUntil { await server.processor.limiter.snapshot.running == 1 }
        await group.triggerGracefulShutdown()
        await gate.open()
        #expect(try await response.value.status == .ok)
        try await task.value
        #expect(server.state.isShuttingDown)
    }

    @Test func graceExpiryCancelsStuckWork() async throws {
        let server = try TestServer.make(engine: FakeEngine(gate: AsyncGate())) {
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
        await group.triggerGracefulShutdown()
        try await task.value  // cancelled work at the end of the grace period is not an error
        // The gate never opens: only the end of the grace period stops the work.
        #expect(await response.value?.status != .ok)
    }

    @Test func runningJobsFinishBeforeExit() async throws {
        let gate = AsyncGate()
        let server = try TestServer.make(engine: FakeEngine(gate: gate)) { $0.gracePeriod = .seconds(10) }
        let (group, task, port) = try await start(server)
        let accepted = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.post("/v1/jobs", body: ByteBuffer(bytes: TestImages.png(width: 4, height: 4)))
        }
        #expect(accepted.status == .accepted)
        await group.triggerGracefulShutdown()
        await gate.open()
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

/// SIGTERM with responses on the wire and work that outlasts the grace period.
@Suite struct ShutdownCompletionTests {

    private func post(_ connection: RawConnection, _ path: String = "/v1/upscale") {
        let body = TestImages.png(width: 4, height: 4)
        connection.send("POST \(path) HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
        connection.send(body)
    }

    /// A body far larger than the socket buffers, read only after shutdown began: it arrives whole.
    @Test func largeResponseInFlightCompletes() async throws {
        let size = 32 << 20
        let gate = AsyncGate()
        let server = try TestServer.make(engine: FakeEngine(gate: gate, padding: size)) {
            $0.gracePeriod = .seconds(60)
            $0.cacheBytes = 0
            // Generous: a sanitizer build encodes the 32 MB body far slower than a release build.
            $0.requestTimeout = .seconds(120)
        }
        let (group, task, port) = try await start(server)
        let connection = try RawConnection(port: port)
        post(connection)
        try await waitUntil { await server.processor.limiter.snapshot.running == 1 }
        await group.triggerGracefulShutdown()
        await gate.open()
        let response = try #require(await connection.readResponse())
        // Plain values in the expectations: a failure message must not print 32 MB of body.
        let (status, complete, received) = (response.response.status, response.complete, response.response.body.count)
        #expect(status == 200)
        #expect(complete, "got \(received) of \(response.response.headers["content-length"] ?? "?") bytes")
        #expect(received > size)
        try await task.value
    }

    /// Work still running when the grace period ends: no 200 ever starts; the connection is closed
    /// (or answered 503), and the group returns.
    @Test func requestCancelledAtGraceEndIsNotA200() async throws {
        let server = try TestServer.make(engine: FakeEngine(gate: AsyncGate())) {
            $0.requestTimeout = .seconds(120)
            $0.gracePeriod = .milliseconds(300)
        }
        let (group, task, port) = try await start(server)
        let connection = try RawConnection(port: port)
        post(connection)
        try await waitUntil { await server.processor.limiter.snapshot.running == 1 }
        await group.triggerGracefulShutdown()
        try await task.value
        if let response = await connection.readResponse() {
            #expect(response.response.status == 503 && response.complete)
        }
    }

    @Test func jobsRunningAtGraceEndAreCancelled() async throws {
        let server = try TestServer.make(engine: FakeEngine(gate: AsyncGate())) {
            $0.jobTimeout = .seconds(120)
            $0.gracePeriod = .milliseconds(300)
        }
        let (group, task, port) = try await start(server)
        let connection = try RawConnection(port: port)
        post(connection, "/v1/jobs")
        #expect(try #require(await connection.readResponse()).response.status == 202)
        try await waitUntil { await server.processor.limiter.snapshot.running == 1 }
        await group.triggerGracefulShutdown()
        try await task.value
        let ids = server.jobs.allIDs
        try #require(ids.count == 1)
        let record = server.jobs.record(ids[0])
        #expect(record?.status == .failed)
        #expect(record?.error?.code == "cancelled")
    }
}

/// Starts `server` in the service group `rsr serve` runs (without signal handlers); both suites use it.
private func start(_ server: SuperResolutionServer) async throws -> (ServiceGroup, Task<Void, any Error>, Int) {
    let port = PortBox()
    let group = server.makeServiceGroup(handlesSignals: false) { port.set($0) }
    let task = Task { try await server.serve(group) }
    try await waitUntil { port.value != nil }
    return (group, task, port.value ?? 0)
}
