import Hummingbird
import HummingbirdTesting
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
import Testing
@testable import ResidualSRServer

/// `scale=2.5`, `width`, `height`, `fit` and `stretch` through the real engine (bicubic): the answer
/// has exactly the size asked for, and an integer factor is the plain integer path.
@Suite struct OutputSizeRouteTests {
    @Test(arguments: [
        ("scale=2.5", 18, 13),
        ("scale=1.5", 11, 8),
        ("scale=1", 7, 5),
        ("width=20", 20, 14),
        ("height=9", 13, 9),
        ("fit=20x20", 20, 14),
        ("fit=100x12", 17, 12),
        ("width=9&height=19&stretch=true", 9, 19),
    ])
    func outputHasTheSizeAskedFor(query: String, width: Int, height: Int) async throws {
        let server = try TestServer.make(engine: LibraryEngine())
        try await TestServer.run(server) { client in
            let response = try await client.post("/v1/upscale?" + query, body: TestImages.png(width: 7, height: 5))
            #expect(response.status == .ok, "\(query): \(response.status)")
            let header = try Image.header(data: response.bytes)
            #expect(header.width == width && header.height == height, "\(query): \(header.width)x\(header.height)")
        }
    }

    /// The residual route takes the same sizes: the map is the output's size plus its colour bar.
    @Test(arguments: [("scale=2.5", 18, 13), ("width=20", 20, 14), ("fit=100x12", 17, 12)])
    func residualMapHasTheSizeAskedFor(query: String, width: Int, height: Int) async throws {
        let server = try TestServer.make(engine: LibraryEngine())
        try await TestServer.run(server) { client in
            let response = try await client.post("/v1/residual?" + query, body: TestImages.png(width: 7, height: 5))
            #expect(response.status == .ok, "\(query): \(response.status)")
            let header = try Image.header(data: response.bytes)
            #expect(header.width > width + 4 && header.height >= height, "\(query): \(header.width)x\(header.height)")
        }
    }

    @Test func integerFactorsAndExactMultiplesAreTheIntegerPath() async throws {
        let server = try TestServer.make(engine: LibraryEngine())
        try await TestServer.run(server) { client in
            let input = TestImages.png(width: 7, height: 5)
            let plain = try await client.post("/v1/upscale?scale=3", body: input)
            for query in ["scale=3.0", "width=21", "fit=21x100"] {
                let sized = try await client.post("/v1/upscale?" + query, body: input)
                #expect(sized.status == .ok)
                #expect(try Image.decode(data: sized.bytes).samples == Image.decode(data: plain.bytes).samples, "\(query)")
            }
        }
    }

    @Test func jobsReportTheSizeAndTheScaleThatRan() async throws {
        let server = try TestServer.make(engine: LibraryEngine())
        try await TestServer.run(server) { client in
            let submitted = try await client.post("/v1/jobs?width=20", body: TestImages.png(width: 7, height: 5))
            #expect(submitted.status == .accepted)
            let id = try #require(submitted.json["id"] as? String)
            let status = try await client.get("/v1/jobs/\(id)")
            #expect(status.json["size"] as? String == "20w")
            #expect(status.json["scale"] as? Int == 3)
        }
    }
}
