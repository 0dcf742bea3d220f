import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// The eight flips/rotations of a square plane, for data augmentation.
enum Dihedral {
    /// src [size, size] (row stride `sourceStride`) -> dst [size, size]; transform 0..<8 (bit 0 flips x,
    /// bit 1 flips y, bit 2 transposes), 0 is the identity.
    static func apply(_ transform: Int, _ src: UnsafePointer<Float>, sourceStride: Int,
                      _ dst: UnsafeMutablePointer<Float>, size n: Int) {
        let flipX = transform & 1 != 0, flipY = transform & 2 != 0, transpose = transform & 4 != 0
        for y in 0..<n {
            for x in 0..<n {
                var (sy, sx) = transpose ? (x, y) : (y, x)
                if flipX { sx = n - 1 - sx }
                if flipY { sy = n - 1 - sy }
                dst[y * n + x] = src[sy * sourceStride + sx]
            }
        }
    }
}
