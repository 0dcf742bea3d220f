import Testing
@testable import ResidualSRCore
@testable import ResidualSRImage
import ResidualSRTestSupport

@Suite struct ICCProfileTests {
    @Test func pngToPNG() throws {
        var image = TestImages.pattern8(width: 6, height: 4, channels: 3)
        image.iccProfile = TestICC.profile(description: "Test RGB")
        let decoded = try Image.decode(data: image.encode(format: .png))
        #expect(decoded.iccProfile == image.iccProfile)
    }

    @Test func grayPNGKeepsGrayProfile() throws {
        var image = TestImages.pattern8(width: 6, height: 4, channels: 2)
        image.iccProfile = TestICC.profile(description: "Test Gray", colorSpace: "GRAY")
        #expect(try Image.decode(data: image.encode(format: .png)).iccProfile == image.iccProfile)
    }

    /// Over 65519 bytes: split over three APP2 segments and reassembled in order.
    @Test func jpegToJPEGMultiSegment() throws {
        var image = TestImages.pattern8(width: 16, height: 16, channels: 3)
        let profile = TestICC.profile(description: "Big RGB", minimumSize: 140_000)
        image.iccProfile = profile
        let encoded = try image.encode(format: .jpeg)
        let segments = Self.app2Segments(encoded)
        #expect(segments.count == 3)
        #expect(segments.map { $0[12] } == [1, 2, 3] && segments.allSatisfy { $0[13] == 3 })
        let decoded = try Image.decode(data: encoded)
        #expect(decoded.iccProfile == profile)
        // and on to PNG, as iCCP
        #expect(try Image.decode(data: decoded.encode(format: .png)).iccProfile == profile)
    }

    @Test func chunksOutOfOrderAreReassembled() {
        let signature = Array("ICC_PROFILE".utf8) + [0]
        let markers = JPEGMarkers(segments: [
            (0xE2, signature + [2, 2] + [4, 5]),
            (0xE2, signature + [1, 2] + [1, 2, 3]),
        ])
        #expect(markers.iccProfile == [1, 2, 3, 4, 5])
        let incomplete = JPEGMarkers(segments: [(0xE2, signature + [1, 2] + [1, 2, 3])])
        #expect(incomplete.iccProfile == nil)
    }

    @Test func descriptionIsRead() {
        let profile = TestICC.profile(description: "Display P3-ish")
        #expect(ICCProfile.description(of: profile) == "Display P3-ish")
        #expect(ICCProfile.description(of: [1, 2, 3]) == nil)
    }

    @Test func version4DescriptionIsRead() {
        func u32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        let text = Array("Café RGB".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let mluc = Array("mluc".utf8) + u32(0) + u32(1) + u32(12) + Array("enUS".utf8) + u32(text.count) + u32(28) + text
        var profile = u32(144 + mluc.count) + [UInt8](repeating: 0, count: 124)
        profile += u32(1) + Array("desc".utf8) + u32(144) + u32(mluc.count) + mluc
        #expect(ICCProfile.description(of: profile) == "Café RGB")
    }

    /// The APP2 payloads of an encoded JPEG.
    static func app2Segments(_ jpeg: [UInt8]) -> [[UInt8]] {
        var segments: [[UInt8]] = []
        var offset = 2
        while offset + 4 <= jpeg.count, jpeg[offset] == 0xFF, jpeg[offset + 1] != 0xDA {
            let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
            if jpeg[offset + 1] == 0xE2 { segments.append(Array(jpeg[(offset + 4)..<(offset + 2 + length)])) }
            offset += 2 + length
        }
        return segments
    }
}
