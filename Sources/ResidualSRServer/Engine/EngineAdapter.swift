import ResidualSR

/// The server's engine over the ResidualSR library.
///
/// Until the decoder lands in the library this adapter can only probe: upscale and residual report
/// that decoding is unavailable (415-free: it is a server-side gap, so `.model` → 500 would be wrong
/// for the client's input; `.unsupported` is the honest kind until then).
public struct LibraryEngine: SuperResolutionEngine {
    public init() {}

    public var models: [ModelInfo] {
        [ModelInfo(id: "bicubic", scales: [2, 3, 4], description: "bicubic interpolation (no learned model)")]
    }

    public func probe(_ input: [UInt8]) throws -> ImageHeaderInfo {
        try ImageHeaderSniffer.probe(input)
    }

    public func upscale(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void
    ) async throws -> EncodedImage {
        throw RSRError(.unsupported, "image decoding is not available in this build")
    }

    public func residual(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void
    ) async throws -> EncodedImage {
        throw RSRError(.unsupported, "image decoding is not available in this build")
    }
}
