import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
@testable import ResidualSRServer

/// Builds a server around an engine with test-sized limits and a fresh data directory, and runs the
/// test against it on a real loopback port.
enum TestServer {
    static func configuration(_ change: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.concurrency = 2
        configuration.queueLength = 4
        configuration.requestTimeout = .seconds(10)
        configuration.dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rsr-server-tests-\(UUID().uuidString)")
        configuration.maxBodyBytes = 1 << 20
        configuration.maxInputPixels = 1_000_000
        configuration.maxOutputPixels = 4_000_000
        configuration.cacheBytes = 1 << 20
        change(&configuration)
        return configuration
    }

    static var logger: Logger {
        var logger = Logger(label: "rsr.test")
        logger.logLevel = .warning
        return logger
    }

    static func make(engine: any SuperResolutionEngine = FakeEngine(), _ change: (inout ServerConfiguration) -> Void = { _ in }) throws -> SuperResolutionServer {
        try SuperResolutionServer(configuration: configuration(change), engine: engine, logger: logger)
    }

    /// Runs `test` against `server` on a live loopback port; removes the data directory afterwards.
    static func run<Value: Sendable>(
        _ server: SuperResolutionServer, _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        defer { try? FileManager.default.removeItem(at: server.configuration.dataDirectory) }
        return try await server.makeApplication().test(.live, test)
    }
}

extension TestClientProtocol {
    func post(_ uri: String, body: [UInt8], headers: HTTPFields = [:]) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: .get, headers: headers, body: nil)
    }
}

extension TestResponse {
    var bytes: [UInt8] { Array(body.readableBytesView) }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    /// The `code` of a JSON error body, or nil if the body is not one.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }

    func header(_ name: String) -> String? { headers[HTTPFields.Element.Name(name)!] }
}
