/// im2col / col2im for square kernels (size 1 or 3), stride 1, "same" zero padding.
///
/// The column matrix of output rows `rows` of one image is col[K = channels * k * k][N = rows.count * width],
/// K ordered (channel, ky, kx) to match OIHW weights, so a conv is one GEMM: out[O, N] = W[O, K] * col.

/// src [channels, height, width] -> col [channels * k * k, pixels.count] (leading dimension ldcol), for the
/// output pixels `pixels` in row-major order (a band may start and end mid-row).
func im2col(
    _ src: UnsafePointer<Float>, channels: Int, height: Int, width: Int, kernel: Int,
    pixels: Range<Int>, col: UnsafeMutablePointer<Float>, ldcol: Int
) {
    let pad = kernel / 2
    for c in 0..<channels {
        let plane = src + c * height * width
        for ky in 0..<kernel {
            for kx in 0..<kernel {
                let dst = col + ((c * kernel + ky) * kernel + kx) * ldcol - pixels.lowerBound
                let shift = kx - pad
                var p = pixels.lowerBound
                while p < pixels.upperBound {
                    let y = p / width
                    let xa = p - y * width, xb = min(width, xa + pixels.upperBound - p)
                    let row = dst + y * width
                    let sy = y + ky - pad
                    if sy < 0 || sy >= height {
                        (row + xa).update(repeating: 0, count: xb - xa)
                    } else {
                        // Output x reads source x + shift; columns that fall outside are zero padding.
                        let source = plane + sy * width + shift
                        let lo = max(xa, -shift), hi = min(xb, width - shift)
                        if lo > xa { (row + xa).update(repeating: 0, count: lo - xa) }
                        if hi > lo { (row + lo).update(from: source + lo, count: hi - lo) }
                        if xb > max(hi, lo) { (row + max(hi, lo)).update(repeating: 0, count: xb - max(hi, lo)) }
                    }
                    p += xb - xa
                }
            }
        }
    }
}

/// Adjoint of `im2col`: dst [channels, height, width] += scatter of col (all rows of the image).
func col2imAdd(
    _ col: UnsafePointer<Float>, channels: Int, height: Int, width: Int, kernel: Int,
    into dst: UnsafeMutablePointer<Float>
) {
    let pad = kernel / 2
    let ldcol = height * width
    for c in 0..<channels {
        let plane = dst + c * height * width
        for ky in 0..<kernel {
            for kx in 0..<kernel {
                let source = col + ((c * kernel + ky) * kernel + kx) * ldcol
                let shift = kx - pad
                let lo = max(0, -shift), hi = min(width, width - shift)
                guard hi > lo else { continue }
                for y in 0..<height {
                    let sy = y + ky - pad
                    guard sy >= 0 && sy < height else { continue }
                    let target = plane + sy * width + shift
                    let row = source + y * width
                    for x in lo..<hi { target[x] += row[x] }
                }
            }
        }
    }
}
