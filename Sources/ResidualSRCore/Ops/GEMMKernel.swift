/// The SIMD GEMM behind the inference convolution: C[M, N] = A[M, K] * B[K, N] on 4 x 24 register tiles
/// (12 AVX2 accumulators), with the conv epilogue (bias, scale, residual, ReLU) applied on the tile.
///
/// Compiled with AVX2/FMA (see Package.swift) `addProduct` becomes one vfmadd per vector; without those
/// flags this is ~100x slower and `Conv2D` should use the BLAS path instead.
enum GEMMKernel {
    static let rows = 4      // MR: output channels per tile
    static let columns = 24  // NR: pixels per tile (3 x SIMD8)

    /// A [M, K] row-major -> packed [ceil(M/4)][K][4], rows past M zero; optionally scaled.
    static func packA(_ a: UnsafePointer<Float>, m: Int, k: Int, scale: Float) -> UnsafeMutablePointer<Float> {
        let tiles = (m + rows - 1) / rows
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: tiles * k * rows)
        for t in 0..<tiles {
            for kk in 0..<k {
                for r in 0..<rows {
                    let row = t * rows + r
                    packed[(t * k + kk) * rows + r] = row < m ? scale * a[row * k + kk] : 0
                }
            }
        }
        return packed
    }

    /// What happens to each accumulated value v of output row m, pixel n before it is stored:
    /// out = v + bias[m] (+ residual[m][n]), then max(0, .) if `relu`.
    struct Epilogue {
        var bias: UnsafePointer<Float>
        var residual: UnsafePointer<Float>?
        var residualStride: Int
        var relu: Bool
    }

    /// out[m][n] for m < M, n < N (row stride ldc) = epilogue(packedA * B); B [K, ldb] row-major with
    /// ldb >= N rounded up to 24 (the padding columns are read, never stored).
    static func multiply(
        packedA: UnsafePointer<Float>, m: Int, k: Int, b: UnsafePointer<Float>, ldb: Int, n: Int,
        out: UnsafeMutablePointer<Float>, ldc: Int, epilogue: Epilogue
    ) {
        var n0 = 0
        while n0 < n {
            let width = min(columns, n - n0)
            var m0 = 0
            while m0 < m {
                tile(a: packedA + m0 * k, k: k, b: b + n0, ldb: ldb, rowCount: min(rows, m - m0),
                     columnCount: width, out: out + m0 * ldc + n0, ldc: ldc, m0: m0, n0: n0, epilogue: epilogue)
                m0 += rows
            }
            n0 += columns
        }
    }

    @inline(__always)
    private static func tile(
        a: UnsafePointer<Float>, k: Int, b: UnsafePointer<Float>, ldb: Int, rowCount: Int, columnCount: Int,
        out: UnsafeMutablePointer<Float>, ldc: Int, m0: Int, n0: Int, epilogue: Epilogue
    ) {
        typealias V = SIMD8<Float>
        var c00 = V(), c01 = V(), c02 = V(), c10 = V(), c11 = V(), c12 = V()
        var c20 = V(), c21 = V(), c22 = V(), c30 = V(), c31 = V(), c32 = V()
        var ap = a
        var bp = UnsafeRawPointer(b)
        let stride = ldb * 4
        for _ in 0..<k {
            let b0 = bp.loadUnaligned(as: V.self)
            let b1 = bp.loadUnaligned(fromByteOffset: 32, as: V.self)
            let b2 = bp.loadUnaligned(fromByteOffset: 64, as: V.self)
            var av = V(repeating: ap[0])
            c00.addProduct(av, b0); c01.addProduct(av, b1); c02.addProduct(av, b2)
            av = V(repeating: ap[1])
            c10.addProduct(av, b0); c11.addProduct(av, b1); c12.addProduct(av, b2)
            av = V(repeating: ap[2])
            c20.addProduct(av, b0); c21.addProduct(av, b1); c22.addProduct(av, b2)
            av = V(repeating: ap[3])
            c30.addProduct(av, b0); c31.addProduct(av, b1); c32.addProduct(av, b2)
            ap += 4
            bp += stride
        }
        @inline(__always)
        func store(_ r: Int, _ v0: V, _ v1: V, _ v2: V) {
            let m = m0 + r
            let bias = V(repeating: epilogue.bias[m])
            var x0 = v0 + bias, x1 = v1 + bias, x2 = v2 + bias
            let row = out + r * ldc
            if let residual = epilogue.residual {
                let skip = residual + m * epilogue.residualStride + n0
                if columnCount == columns {
                    let raw = UnsafeRawPointer(skip)
                    x0 += raw.loadUnaligned(as: V.self)
                    x1 += raw.loadUnaligned(fromByteOffset: 32, as: V.self)
                    x2 += raw.loadUnaligned(fromByteOffset: 64, as: V.self)
                } else {
                    for i in 0..<columnCount {
                        if i < 8 { x0[i] += skip[i] } else if i < 16 { x1[i - 8] += skip[i] } else { x2[i - 16] += skip[i] }
                    }
                }
            }
            if epilogue.relu {
                let zero = V()
                x0 = x0.replacing(with: zero, where: x0 .< zero)
                x1 = x1.replacing(with: zero, where: x1 .< zero)
                x2 = x2.replacing(with: zero, where: x2 .< zero)
            }
            if columnCount == columns {
                let raw = UnsafeMutableRawPointer(row)
                raw.storeBytes(of: x0, as: V.self)
                raw.storeBytes(of: x1, toByteOffset: 32, as: V.self)
                raw.storeBytes(of: x2, toByteOffset: 64, as: V.self)
            } else {
                for i in 0..<columnCount { row[i] = i < 8 ? x0[i] : (i < 16 ? x1[i - 8] : x2[i - 16]) }
            }
        }
        store(0, c00, c01, c02)
        if rowCount > 1 { store(1, c10, c11, c12) }
        if rowCount > 2 { store(2, c20, c21, c22) }
        if rowCount > 3 { store(3, c30, c31, c32) }
    }
}
