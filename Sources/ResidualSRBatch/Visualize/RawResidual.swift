import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Lossless encodings of a signed residual plane (`--raw`).
///
/// 16-bit PNG: `sample = clamp(round(value * 32768) + 32768, 0, 65535)`, so
/// `value = (sample - 32768) / 32768` in image units (multiply by 255 for 8-bit levels). The scale is
/// fixed (independent of the map's range) so files from different runs compare directly; the step is
/// 1/32768 (0.008 of an 8-bit level) and |value| < 1 always holds for a difference of [0, 1] images
/// except for the network's unclamped overshoot, which is clamped.
///
/// .npy: float32, little-endian, shape (height, width), exactly the computed values.
public enum RawResidual {
    public static let offset: Float = 32768
    public static let scale: Float = 32768

    public static func png16Samples(_ residual: FloatImage) -> [UInt16] {
        residual.planes(0..<1).pixels.map { value in
            UInt16(min(65535, max(0, (value * scale).rounded() + offset)))
        }
    }

    public static func value(fromPNGSample sample: UInt16) -> Float { (Float(sample) - offset) / scale }

    /// A NumPy .npy (format 1.0) file of the first plane.
    public static func npy(_ residual: FloatImage) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(residual.height), \(residual.width)), }"
        // Magic (6) + version (2) + length (2) + header + newline must be a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for value in residual.pixels.prefix(residual.planeSize) {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { data.append(contentsOf: $0) }
        }
        return data
    }
}
