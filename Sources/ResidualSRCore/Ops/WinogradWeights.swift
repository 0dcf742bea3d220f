import CKernels
import Foundation

/// Winograd-transformed weights (scale * G g G^T, packed for the GEMM kernel) of one conv.
final class WinogradWeights: @unchecked Sendable {
    let data: UnsafeMutablePointer<Float>
    let count: Int

    /// weight [outChannels, inChannels, 3, 3].
    init(_ weight: UnsafePointer<Float>, outChannels: Int, inChannels: Int, scale: Float) {
        count = rsr_winograd_weights_count(Int32(outChannels), Int32(inChannels))
        data = UnsafeMutableRawPointer.allocate(byteCount: max(count, 16) * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(count, 16))
        rsr_winograd_pack_weights(weight, Int32(outChannels), Int32(inChannels), scale, data)
    }

    deinit { data.deallocate() }
}

/// The transformed weights of one layer, redone only when the weights (or the scale) change: a model
/// load or an optimiser step. The check is a compare against a copy of the weights it was made from, a
/// few microseconds, so nothing that writes the weights has to remember to invalidate it.
final class WinogradWeightCache: @unchecked Sendable {
    private let lock = NSLock()
    private var source: [Float] = []
    private var scale: Float = .nan
    private var cached: WinogradWeights?
    /// Transposed and flipped (the input gradient's convolution) instead of the weights themselves.
    private let adjoint: Bool

    init(adjoint: Bool = false) { self.adjoint = adjoint }

    func weights(_ weight: Parameter, outChannels: Int, inChannels: Int, scale: Float) -> WinogradWeights {
        lock.lock()
        defer { lock.unlock() }
        let current = UnsafeBufferPointer(weight.value)
        if let cached, self.scale == scale, source.elementsEqual(current) { return cached }
        source = Array(current)
        self.scale = scale
        let made: WinogradWeights
        if adjoint {
            // W'[c][o][ky][kx] = W[o][c][2 - ky][2 - kx]: the input gradient is a 3x3 conv of dY with W'.
            var flipped = [Float](repeating: 0, count: source.count)
            for o in 0..<outChannels {
                for c in 0..<inChannels {
                    for k in 0..<9 { flipped[(c * outChannels + o) * 9 + 8 - k] = source[(o * inChannels + c) * 9 + k] }
                }
            }
            made = WinogradWeights(flipped, outChannels: inChannels, inChannels: outChannels, scale: scale)
        } else {
            made = WinogradWeights(current.baseAddress!, outChannels: outChannels, inChannels: inChannels, scale: scale)
        }
        cached = made
        return made
    }
}
