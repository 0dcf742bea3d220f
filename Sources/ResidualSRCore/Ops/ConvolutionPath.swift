import CKernels
import Foundation

/// How a 3x3 convolution is computed. `Conv2D` picks one per layer shape (see `Conv2D.forwardPath`).
public enum ConvolutionPath: String, Sendable, Codable, CaseIterable {
    /// im2col + the SIMD GEMM (any kernel size; the reference the Winograd paths are tested against).
    case im2col
    /// 1x1 kernels: a plain GEMM through OpenBLAS.
    case gemm
    /// Winograd F(4x4, 3x3), transforms and GEMM in AVX2.
    case winogradAVX2 = "winograd-avx2"
    /// Winograd F(4x4, 3x3) with the AVX-512 GEMM kernel.
    case winogradAVX512 = "winograd-avx512"

    var isWinograd: Bool { self == .winogradAVX2 || self == .winogradAVX512 }
}

/// The instruction set the Winograd kernels use: AVX-512 where the CPU has it, unless
/// `RSR_CONV_ISA=avx2` (or `im2col`, which turns Winograd off) says otherwise, so that tests and benchmarks
/// cover every path on one machine.
enum ConvolutionDispatch {
    nonisolated(unsafe) static var winograd: ConvolutionPath? = defaultWinograd()

    /// The 3x3 weight gradient in the Winograd domain on the Winograd paths, unless
    /// `RSR_WEIGHT_GRADIENT=im2col` (im2col + the own dY * col^T kernel, kept to measure against).
    nonisolated(unsafe) static var winogradWeightGradient =
        ProcessInfo.processInfo.environment["RSR_WEIGHT_GRADIENT"]?.lowercased() != "im2col"

    static let cpuHasAVX512 = rsr_cpu_supports_avx512() != 0

    static func defaultWinograd() -> ConvolutionPath? {
        guard rsr_winograd_supported() != 0 else { return nil }
        switch ProcessInfo.processInfo.environment["RSR_CONV_ISA"]?.lowercased() {
        case "im2col": return nil
        case "avx2": return .winogradAVX2
        default: return cpuHasAVX512 ? .winogradAVX512 : .winogradAVX2
        }
    }

    /// Runs `body` with the Winograd path forced to `path` (nil: im2col); tests only, not thread-safe.
    static func with<T>(_ path: ConvolutionPath?, _ body: () throws -> T) rethrows -> T {
        let saved = winograd
        winograd = path
        defer { winograd = saved }
        return try body()
    }
}
