import Foundation
import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

/// Codec throughput on real files: the file's decode, then every format's encode (default options) and
/// the decode of that result. Runs only when RSR_CODEC_BENCH names an image file, e.g.
/// `RSR_CODEC_BENCH=/tmp/big.jpg swift test -c release -Xswiftc -enable-testing --filter CodecSpeed`.
@Suite struct CodecSpeedTests {
    static let file = ProcessInfo.processInfo.environment["RSR_CODEC_BENCH"]

    @Test(.enabled(if: file != nil))
    func decodeAndEncodeThroughput() throws {
        let path = try #require(Self.file)
        let data = try Image.readFile(path)
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = Date()
            try body()
            return Date().timeIntervalSince(start)
        }
        var image: Image?
        let decode = try seconds { image = try Image.decode(data: data, path: path) }
        let decoded = try #require(image)
        let megapixels = Double(decoded.pixelCount) / 1e6
        var report = String(format: "%@ %dx%d: decode %.2f s (%.1f MP/s)", path, decoded.width, decoded.height,
                            decode, megapixels / decode)
        for format in Image.Format.allCases {
            var encoded: [UInt8] = []
            let encode = try seconds { encoded = try decoded.encode(format: format) }
            var roundTrip: Image?
            let decodeBack = try seconds { roundTrip = try Image.decode(data: encoded) }
            #expect(roundTrip?.width == decoded.width && roundTrip?.height == decoded.height)
            report += String(format: ", %@ encode %.2f s (%.1f MP/s, %d KB) decode %.2f s (%.1f MP/s)", format.rawValue,
                             encode, megapixels / encode, encoded.count / 1024, decodeBack, megapixels / decodeBack)
        }
        var fastEncoded: [UInt8] = []
        let fastPNG = try seconds {
            fastEncoded = try decoded.encode(format: .png, options: EncodeOptions(pngCompressionLevel: 1))
        }
        report += String(format: ", encode png level 1 %.2f s (%.1f MP/s, %d KB)", fastPNG, megapixels / fastPNG,
                         fastEncoded.count / 1024)
        var float: FloatImage?
        let toFloat = seconds { float = decoded.floatImage() }
        let fromFloat = seconds { _ = Image(floatImage: float!) }
        report += String(format: ", to float %.3f s, from float %.3f s", toFloat, fromFloat)
        print(report)
    }
}
