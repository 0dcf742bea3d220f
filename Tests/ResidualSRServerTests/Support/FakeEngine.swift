import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
@testable import ResidualSRServer

/// An engine that does no image work: it probes headers for real, then waits until `gate` opens
/// (honouring cancellation, as the real engine must) and answers with a small PNG of the output size,
/// or throws `failure`. It counts calls so tests can tell a cache hit from a recompute.
final class FakeEngine: SuperResolutionEngine, Sendable {
    let gate: AsyncGate?
    let failure: RSRError?
    /// Extra bytes after the PNG, for responses larger than the socket buffers.
    let padding: Int
    private let calls = CallCounter()

    init(gate: AsyncGate? = nil, failure: RSRError? = nil, padding: Int = 0) {
        self.gate = gate
        self.failure = failure
        self.padding = padding
    }

    var models: [ModelInfo] { [ModelInfo(id: "fake", scales: [2, 3, 4], description: "test engine")] }

    var callCount: Int { calls.value }

    func probe(_ input: [UInt8]) throws -> ImageHeader {
        try Image.header(data: input, limits: DecodeLimits(maxPixels: Int.max))
    }

    func upscale(_ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void) async throws -> EncodedImage {
        try await work(input, options: options, progress: progress)
    }

    func residual(_ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void) async throws -> EncodedImage {
        try await work(input, options: options, progress: progress)
    }

    private func work(_ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void) async throws -> EncodedImage {
        calls.increment()
        let header = try probe(input)
        progress(0.5)
        if let gate { try await gate.wait() }
        if let failure { throw failure }
        if options.format == .jpeg {
            return EncodedImage(bytes: TestImages.jpeg(width: header.width * options.scale, height: header.height * options.scale), contentType: "image/jpeg")
        }
        let png = TestImages.png(width: header.width * options.scale, height: header.height * options.scale)
        return EncodedImage(bytes: png + [UInt8](repeating: 0x5A, count: padding), contentType: "image/png")
    }
}

final class CallCounter: Sendable {
    private let state = Locked(0)
    var value: Int { state.withLock { $0 } }
    func increment() { state.withLock { $0 += 1 } }
}
