import Hummingbird
import HummingbirdTesting
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
import Testing
@testable import ResidualSRServer

/// Bad input through the real codecs: whatever libpng/libjpeg say must come out as a 4xx.
@Suite struct LibraryEngineRouteTests {
    @Test func realEngineUpscalesAndRejectsBadInputWithout5xx() async throws {
        let truncatedBody = Array(TestImages.png(width: 32, height: 32).dropLast(100))
        let corruptJPEG = TestImages.jpegHeader(width: 16, height: 16) + [0xFF, 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 0xFF, 0xD9]
        let server = try TestServer.make(engine: LibraryEngine())
        try await TestServer.run(server) { client in
            let ok = try await client.post("/v1/upscale?scale=3", body: TestImages.png(width: 6, height: 5))
            #expect(ok.status == .ok)
            #expect(try Image.header(data: ok.bytes).width == 18)

            let cases: [(String, [UInt8])] = [
                ("empty", []),
                ("garbage", Array("GIF89a and more".utf8)),
                ("truncated header", Array(TestImages.png(width: 4, height: 4).prefix(20))),
                ("truncated body", truncatedBody),
                ("bomb header", TestImages.pngBomb(width: 60_000, height: 60_000)),
                ("corrupt jpeg", corruptJPEG),
            ]
            let bomb = try await client.post("/v1/upscale", body: TestImages.pngBomb(width: 60_000, height: 60_000))
            #expect(bomb.status == .contentTooLarge)
            #expect(bomb.errorCode == "input_too_large")
            for (name, body) in cases {
                let response = try await client.post("/v1/upscale", body: body)
                #expect((400..<500).contains(response.status.code), "\(name): \(response.status)")
                #expect(response.errorCode != nil, "\(name)")
            }
        }
    }
}
