import Hummingbird
import HummingbirdTesting
import ResidualSRCore
import ResidualSRImage
import Testing
@testable import ResidualSRServer

/// The new formats through the real engine: taken as input, returned by ?format= or by Accept.
@Suite struct FormatRouteTests {
    @Test func everyFormatGoesInAndComesOut() async throws {
        let source = TestImagesForFormats.photo(width: 12, height: 9)
        try await TestServer.run(try TestServer.make(engine: LibraryEngine())) { client in
            for input in Image.Format.allCases {
                let body = try source.encode(format: input)
                for output in Image.Format.allCases {
                    let response = try await client.post("/v1/upscale?scale=2&format=\(output.rawValue)", body: body)
                    #expect(response.status == .ok, "\(input) -> \(output)")
                    #expect(response.header("Content-Type") == output.contentType)
                    let header = try Image.header(data: response.bytes)
                    #expect(header.format == output && header.width == 24 && header.height == 18)
                }
            }
        }
    }

    @Test func acceptHeaderChoosesTheFormatAndNothingAcceptableIs406() async throws {
        let body = try TestImagesForFormats.photo(width: 8, height: 8).encode(format: .png)
        try await TestServer.run(try TestServer.make(engine: LibraryEngine())) { client in
            let webp = try await client.post("/v1/upscale?scale=2", body: body,
                                             headers: [.accept: "image/avif;q=0.5, image/webp"])
            #expect(webp.status == .ok && webp.header("Content-Type") == "image/webp")
            #expect(try Image.header(data: webp.bytes).format == .webp)

            let refused = try await client.post("/v1/upscale?scale=2", body: body, headers: [.accept: "text/html"])
            #expect(refused.status == .notAcceptable && refused.errorCode == "not_acceptable")

            // The parameter wins over the header; the residual is PNG whatever Accept says.
            let forced = try await client.post("/v1/upscale?scale=2&format=tiff", body: body, headers: [.accept: "text/html"])
            #expect(forced.status == .ok && forced.header("Content-Type") == "image/tiff")
            let residual = try await client.post("/v1/residual?scale=2", body: body, headers: [.accept: "image/webp"])
            #expect(residual.header("Content-Type") == "image/png")
        }
    }

    @Test func truncatedNewFormatsAre4xx() async throws {
        let source = TestImagesForFormats.photo(width: 16, height: 16)
        try await TestServer.run(try TestServer.make(engine: LibraryEngine())) { client in
            for format in [Image.Format.webp, .tiff, .avif] {
                let encoded = try source.encode(format: format)
                let response = try await client.post("/v1/upscale?scale=2", body: Array(encoded.prefix(encoded.count * 2 / 3)))
                #expect((400..<500).contains(response.status.code), "\(format): \(response.status)")
            }
        }
    }
}

enum TestImagesForFormats {
    static func photo(width: Int, height: Int) -> Image {
        let values = (0..<(width * height * 3)).map { (index: Int) -> UInt8 in
            let value: Int = (index * 37 + index / 7) % 200 + 20
            return UInt8(value)
        }
        return Image(width: width, height: height, channels: 3, samples: .eight(values))
    }
}
