import CImageCodecs
import CImageTestSupport
import Foundation
import ResidualSRCore
import ResidualSRImage

/// Small deterministic test images and raw-encoder access.
public enum TestImages {
    /// A smooth ramp with a little texture, so JPEG errors stay small but layout mistakes show.
    public static func pattern8(width: Int, height: Int, channels: Int) -> Image {
        var values = [UInt8]()
        values.reserveCapacity(width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    values.append(UInt8(32 + x * 120 / max(1, width - 1) + y * 60 / max(1, height - 1) + c * 10 + (x * y) % 3))
                }
            }
        }
        return Image(width: width, height: height, channels: channels, samples: .eight(values))
    }

    public static func pattern16(width: Int, height: Int, channels: Int) -> Image {
        var values = [UInt16]()
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels { values.append(UInt16((x * 4099 + y * 977 + c * 12345) % 65536)) }
            }
        }
        return Image(width: width, height: height, channels: channels, samples: .sixteen(values))
    }

    /// Distinct value per pixel (x + width * y), gray, for checking orientation layouts.
    public static func numbered(width: Int, height: Int) -> Image {
        Image(width: width, height: height, channels: 1,
              samples: .eight((0..<(width * height)).map { UInt8($0) }))
    }

    /// Any PNG variant via the test-only raw encoder.
    public static func rawPNG(width: Int, height: Int, colorType: Int32, bitDepth: Int32, interlaced: Bool = false,
                       samples: [UInt8], palette: [UInt8] = [], trns: [UInt8] = [],
                       trnsColor: [UInt16]? = nil) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(RSR_MESSAGE_CAPACITY))
        let status = samples.withUnsafeBytes { samplesBuffer in
            palette.withUnsafeBufferPointer { paletteBuffer in
                trns.withUnsafeBufferPointer { trnsBuffer in
                    withOptionalArray(trnsColor) { colorPointer in
                        rsr_png_encode_raw(UInt32(width), UInt32(height), colorType, bitDepth, interlaced ? 1 : 0,
                                           samplesBuffer.baseAddress, paletteBuffer.baseAddress,
                                           Int32(palette.count / 3), trnsBuffer.baseAddress, Int32(trns.count),
                                           colorPointer, &out, &size, &message)
                    }
                }
            }
        }
        try checkCodecStatus(status, message: codecMessage(message), context: "test encoder", path: nil)
        defer { rsr_test_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    public static func rawPNG16(width: Int, height: Int, colorType: Int32, interlaced: Bool = false,
                         samples: [UInt16], trnsColor: [UInt16]? = nil) throws -> [UInt8] {
        let bytes = samples.withUnsafeBytes { Array($0) }
        return try rawPNG(width: width, height: height, colorType: colorType, bitDepth: 16, interlaced: interlaced,
                          samples: bytes, trnsColor: trnsColor)
    }

    public enum CMYKVariant: Int32, Sendable { case plain = 0, adobe = 1, adobeYCCK = 2 }

    /// A CMYK JPEG as a plain encoder or Photoshop (Adobe marker, inverted values) would write it.
    public static func cmykJPEG(width: Int, height: Int, samples: [UInt8], variant: CMYKVariant) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(RSR_MESSAGE_CAPACITY))
        let status = rsr_jpeg_encode_cmyk(UInt32(width), UInt32(height), samples, 100, variant.rawValue,
                                          &out, &size, &message)
        try checkCodecStatus(status, message: codecMessage(message), context: "test encoder", path: nil)
        defer { rsr_test_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    private static func withOptionalArray<R>(_ array: [UInt16]?, _ body: (UnsafePointer<UInt16>?) -> R) -> R {
        guard let array else { return body(nil) }
        return array.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    public static func maxDifference(_ a: Image, _ b: Image) -> Int {
        switch (a.samples, b.samples) {
        case (.eight(let x), .eight(let y)): zip(x, y).map { abs(Int($0) - Int($1)) }.max() ?? 0
        case (.sixteen(let x), .sixteen(let y)): zip(x, y).map { abs(Int($0) - Int($1)) }.max() ?? 0
        default: Int.max
        }
    }

    public static func meanDifference(_ a: Image, _ b: Image) -> Double {
        guard case .eight(let x) = a.samples, case .eight(let y) = b.samples, !x.isEmpty else { return .infinity }
        return Double(zip(x, y).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(x.count)
    }
}
