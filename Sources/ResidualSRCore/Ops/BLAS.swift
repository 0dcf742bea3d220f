import COpenBLAS

/// Every BLAS call of the project goes through this file.
///
/// OpenBLAS runs single-threaded: the kernels parallelise at a coarser grain (images of a batch, row
/// bands of an image), which beats OpenBLAS's own threading on the thin conv-shaped GEMMs (M = 32).
enum BLAS {
    static let configured: Void = { openblas_set_num_threads(1) }()

    /// C[M,N] = alpha * op(A) * op(B) + beta * C, row-major.
    @inline(__always)
    static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = configured
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
