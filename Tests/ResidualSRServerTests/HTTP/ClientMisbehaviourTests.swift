import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ResidualSRServer

/// What a broken or hostile client does to the HTTP layer: client mistakes are 4xx (never a 500 or a
/// server-fault count), `Expect: 100-continue` is answered, wrong methods get 405 with `Allow`.
@Suite struct ClientMisbehaviourTests {
    private func png() -> [UInt8] { TestImages.png(width: 4, height: 4) }

    /// Polls the metrics page (bounded) until `line` shows up; returns the page.
    private func metrics(of server: SuperResolutionServer, containing needle: String) async throws -> String {
        for _ in 0..<500 {
            let page = server.metrics.render()
            if page.contains(needle) { return page }
            try await Task.sleep(for: .milliseconds(10))
        }
        return server.metrics.render()
    }

    @Test func malformedChunkedBodyIs400() async throws {
        let server = try TestServer.make()
        try await TestServer.run(server) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n")
            let response = try #require(await connection.readResponse()).response
            #expect(response.status == 400)
            #expect(!server.metrics.render().contains("code=\"internal\""))
        }
    }

    @Test func clientHangingUpMidBodyIsNotAServerFault() async throws {
        let server = try TestServer.make()
        try await TestServer.run(server) { client in
            let connection = try RawConnection(port: try #require(client.port))
            let body = png()
            connection.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count + 5000)\r\n\r\n")
            connection.send(body)
            connection.close()
            let page = try await metrics(of: server, containing: "rsr_http_requests_total")
            #expect(page.contains("status=\"400\""), "\(page)")
            #expect(!page.contains("code=\"internal\""), "\(page)")
        }
    }

    @Test func expectContinueIsAnswered() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            let connection = try RawConnection(port: try #require(client.port))
            let body = png()
            connection.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n")
            let interim = try #require(await connection.readResponse(), "no 100 Continue before the body").response
            #expect(interim.status == 100)
            connection.send(body)
            let final = try #require(await connection.readResponse())
            #expect(final.response.status == 200 && final.complete)
        }
    }

    @Test func expectContinueWithATooLargeBodyGets413Instead() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nContent-Length: \(1 << 24)\r\nExpect: 100-continue\r\n\r\n")
            #expect(try #require(await connection.readResponse()).response.status == 413)
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            let get = try await client.get("/v1/upscale")
            #expect(get.status == .methodNotAllowed)
            #expect(get.header("Allow") == "POST")
            #expect(get.errorCode == "method_not_allowed")
            let delete = try await client.executeRequest(uri: "/v1/jobs/0123456789abcdef0123456789abcdef", method: .delete, headers: [:], body: nil)
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.header("Allow") == "GET, HEAD")
            let post = try await client.post("/healthz", body: [])
            #expect(post.status == .methodNotAllowed)
            #expect(try await client.get("/nowhere").status == .notFound)
            #expect(try await client.get("/healthz").status == .ok)
        }
    }
}

/// Slow and idle connections are closed; past the connection cap only the probes are served.
@Suite struct ConnectionLimitTests {
    private func server(_ change: (inout ServerConfiguration) -> Void) throws -> SuperResolutionServer {
        try TestServer.make(engine: FakeEngine(), change)
    }

    @Test func idleConnectionIsClosed() async throws {
        try await TestServer.run(try server { $0.idleTimeout = .milliseconds(200) }) { client in
            let connection = try RawConnection(port: try #require(client.port))
            #expect(await connection.closedByServer())
        }
    }

    @Test func halfAHeaderIsClosed() async throws {
        try await TestServer.run(try server { $0.headerTimeout = .milliseconds(200) }) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow:")
            #expect(await connection.closedByServer())
        }
    }

    @Test func halfABodyIsClosed() async throws {
        try await TestServer.run(try server { $0.bodyTimeout = .milliseconds(200) }) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n0123456789")
            #expect(await connection.closedByServer())
        }
    }

    /// Each pause is well inside the pause limit, but the whole body is not: closed at the total limit.
    @Test func slowWholeBodyIsClosed() async throws {
        let server = try server {
            $0.bodyTimeout = .seconds(120)
            $0.bodyTotalTimeout = .milliseconds(300)
        }
        try await TestServer.run(server) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n0123456789")
            #expect(await connection.closedByServer())
        }
    }

    /// Answered before its body arrived (413 from Content-Length): once the body is in, the
    /// connection is under the idle limit again, not under none.
    @Test func connectionAnsweredEarlyIsStillTimedOut() async throws {
        try await TestServer.run(try server { $0.idleTimeout = .milliseconds(300); $0.maxBodyBytes = 100 }) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nContent-Length: 200\r\n\r\n")
            #expect(try #require(await connection.readResponse()).response.status == 413)
            connection.send([UInt8](repeating: 1, count: 200))
            #expect(await connection.closedByServer())
        }
    }

    @Test func keepAliveRequestsStillWork() async throws {
        let server = try server {
            $0.headerTimeout = .seconds(5)
            $0.idleTimeout = .seconds(5)
        }
        try await TestServer.run(server) { client in
            let connection = try RawConnection(port: try #require(client.port))
            for _ in 0..<3 {
                connection.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try #require(await connection.readResponse())
                #expect(response.response.status == 200 && response.complete)
            }
        }
    }

    @Test func pastTheCapOnlyProbesAreServed() async throws {
        let server = try server {
            $0.maxConnections = 2
            $0.probeConnections = 4
        }
        try await TestServer.run(server) { client in
            let port = try #require(client.port)
            let holders = try (0..<3).map { _ in try RawConnection(port: port) }
            for _ in 0..<500 where server.connections.value < 3 { try await Task.sleep(for: .milliseconds(10)) }
            try #require(server.connections.value >= 3)
            let probe = try RawConnection(port: port)
            probe.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try #require(await probe.readResponse()).response.status == 200)
            let work = try RawConnection(port: port)
            let body = TestImages.png(width: 4, height: 4)
            work.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
            work.send(body)
            let refused = try #require(await work.readResponse()).response
            #expect(refused.status == 503)
            #expect(String(decoding: refused.body, as: UTF8.self).contains("too_many_connections"))
            (holders + [probe, work]).forEach { $0.close() }
            // The test client may hold one connection of its own.
            for _ in 0..<500 where server.connections.value > 1 { try await Task.sleep(for: .milliseconds(10)) }
            let again = try RawConnection(port: port)
            again.send("POST /v1/upscale HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
            again.send(body)
            #expect(try #require(await again.readResponse()).response.status == 200)
        }
    }
}
