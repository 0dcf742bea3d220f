import Hummingbird
import HummingbirdTesting
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
import Testing
@testable import ResidualSRServer

@Suite struct ImageRouteTests {
    @Test func upscaleReturnsTheImageAndCachesIt() async throws {
        let engine = FakeEngine()
        try await TestServer.run(try TestServer.make(engine: engine)) { client in
            let input = TestImages.png(width: 8, height: 6)
            let first = try await client.post("/v1/upscale?scale=3", body: input)
            #expect(first.status == .ok)
            #expect(first.header("Content-Type") == "image/png")
            #expect(first.header("X-Cache") == "miss")
            let probed = try Image.header(data: first.bytes)
            #expect(probed.format == .png && probed.width == 24 && probed.height == 18)

            let second = try await client.post("/v1/upscale?scale=3", body: input)
            #expect(second.header("X-Cache") == "hit")
            #expect(second.bytes == first.bytes)
            #expect(engine.callCount == 1)

            // Different options are a different key.
            let other = try await client.post("/v1/upscale?scale=2", body: input)
            #expect(other.header("X-Cache") == "miss")
            #expect(engine.callCount == 2)
        }
    }

    @Test func jpegOutputHasJPEGContentType() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            let response = try await client.post("/v1/upscale?scale=2&format=jpeg&quality=80", body: TestImages.png(width: 4, height: 4))
            #expect(response.status == .ok)
            #expect(response.header("Content-Type") == "image/jpeg")
        }
    }

    @Test func residualReturnsPNG() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            let response = try await client.post("/v1/residual?scale=2", body: TestImages.png(width: 4, height: 4))
            #expect(response.status == .ok)
            #expect(response.header("Content-Type") == "image/png")
        }
    }

    /// Request bodies for the error cases, built inside the test so that failure messages stay short.
    enum Body: String, CustomTestStringConvertible, Sendable {
        case empty, text, gif, truncatedPNG, bombPNG, largePNG, smallPNG
        var testDescription: String { rawValue }
        var bytes: [UInt8] {
            switch self {
            case .empty: []
            case .text: Array("definitely not an image".utf8)
            case .gif: Array("GIF89a".utf8)
            case .truncatedPNG: Array(TestImages.png(width: 4, height: 4).prefix(20))
            case .bombPNG: TestImages.pngBomb(width: 50_000, height: 50_000)
            case .largePNG: TestImages.pngBomb(width: 600, height: 600)
            case .smallPNG: TestImages.png(width: 4, height: 4)
            }
        }
    }

    @Test(arguments: [
        ("/v1/upscale", Body.empty, 400, "empty_body"),
        ("/v1/upscale", .text, 415, "unsupported_media_type"),
        ("/v1/upscale", .truncatedPNG, 422, "corrupt_image"),
        ("/v1/upscale", .bombPNG, 413, "input_too_large"),
        ("/v1/upscale?scale=4", .largePNG, 413, "output_too_large"),
        ("/v1/upscale?scale=7", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?scale=two", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?format=gif", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?format=jpeg&quality=0", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?scale=2&scale=3", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?scal=2", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?model=nope", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?scale=0", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?scale=-2.5", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?scale=4.5", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?scale=nan", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?width=0", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?height=-3", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?width=eight", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?width=8&height=8", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?width=8&stretch=true", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?width=8&height=8&stretch=maybe", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?fit=8x8&width=8", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?fit=8by8", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?scale=2&width=8", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?width=17", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?width=3", .smallPNG, 400, "invalid_parameter"),
        ("/v1/upscale?fit=2400x2400", .largePNG, 413, "output_too_large"),
        ("/v1/residual?scale=5", .smallPNG, 400, "invalid_parameter"),
        ("/v1/jobs?width=0", .smallPNG, 400, "invalid_parameter"),
        ("/v1/residual", .gif, 415, "unsupported_media_type"),
        ("/v1/residual", .empty, 400, "empty_body"),
        ("/v1/jobs?operation=sharpen", .smallPNG, 400, "invalid_parameter"),
        ("/v1/jobs", .truncatedPNG, 422, "corrupt_image"),
        ("/v1/jobs", .bombPNG, 413, "input_too_large"),
    ])
    func badInputGetsAClearClientError(uri: String, body: Body, status: Int, code: String) async throws {
        let engine = FakeEngine()
        try await TestServer.run(try TestServer.make(engine: engine)) { client in
            let response = try await client.post(uri, body: body.bytes)
            #expect(response.status.code == status)
            #expect(response.errorCode == code)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let message = (response.json["error"] as? [String: Any])?["message"] as? String
            #expect(message?.isEmpty == false)
        }
        #expect(engine.callCount == 0, "rejected before the engine ran")
    }

    @Test func oversizedBodyIs413() async throws {
        try await TestServer.run(try TestServer.make { $0.maxBodyBytes = 1000 }) { client in
            let response = try await client.post("/v1/upscale", body: TestImages.png(width: 40, height: 40))
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "body_too_large")
            // The unread body must not poison the connection for the next request.
            #expect(try await client.get("/healthz").status == .ok)
        }
    }

    @Test func engineErrorsMapToStatuses() async throws {
        let cases: [(RSRError, Int)] = [
            (RSRError(.corrupt, "bad huffman table"), 422),
            (RSRError(.unsupported, "16-bit PNG"), 415),
            (RSRError(.tooLarge, "too big"), 413),
            (RSRError(.invalidArgument, "odd"), 400),
            (RSRError(.model, "weights missing"), 500),
        ]
        for (failure, status) in cases {
            try await TestServer.run(try TestServer.make(engine: FakeEngine(failure: failure))) { client in
                let response = try await client.post("/v1/upscale", body: TestImages.png(width: 4, height: 4))
                #expect(response.status.code == status, "\(failure.kind)")
                #expect(response.errorCode != nil)
            }
        }
    }

    @Test func unknownRouteIsJSON404() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            let response = try await client.get("/v2/everything")
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
        }
    }

    @Test func requestIDIsEchoedOrGenerated() async throws {
        try await TestServer.run(try TestServer.make()) { client in
            let echoed = try await client.get("/healthz", headers: [HeaderNames.requestID: "abc-123"])
            #expect(echoed.header("X-Request-Id") == "abc-123")
            let generated = try await client.get("/healthz")
            #expect(generated.header("X-Request-Id")?.count == 32)
            let error = try await client.post("/v1/upscale", body: [])
            #expect((error.json["error"] as? [String: Any])?["request_id"] as? String == error.header("X-Request-Id"))
        }
    }
}
