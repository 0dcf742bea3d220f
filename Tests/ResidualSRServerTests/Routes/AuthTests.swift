import Hummingbird
import HummingbirdTesting
import Testing
@testable import ResidualSRServer

@Suite struct AuthTests {
    @Test func bearerTokenIsRequiredExceptOnProbes() async throws {
        let server = try TestServer.make { $0.bearerToken = "s3cret-token" }
        try await TestServer.run(server) { client in
            let missing = try await client.post("/v1/upscale", body: TestImages.png(width: 4, height: 4))
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.header("WWW-Authenticate") == "Bearer")

            let wrong = try await client.get("/v1/models", headers: [.authorization: "Bearer s3cret-tokeN"])
            #expect(wrong.status == .unauthorized)
            let prefix = try await client.get("/v1/models", headers: [.authorization: "Bearer s3cret"])
            #expect(prefix.status == .unauthorized)
            #expect(try await client.get("/metrics").status == .unauthorized)

            let right = try await client.post("/v1/upscale", body: TestImages.png(width: 4, height: 4),
                                              headers: [.authorization: "Bearer s3cret-token"])
            #expect(right.status == .ok)

            #expect(try await client.get("/healthz").status == .ok)
            #expect(try await client.get("/readyz").status == .ok)
        }
    }

    @Test func constantTimeComparison() {
        #expect(BearerAuthMiddleware.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerAuthMiddleware.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!BearerAuthMiddleware.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!BearerAuthMiddleware.constantTimeEquals([], Array("a".utf8)))
    }
}
