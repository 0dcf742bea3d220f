import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch

/// The server's engine over the ResidualSR library: the same `UpscalePipeline` as `rsr upscale`
/// (tiling, alpha, gray, 16-bit, ICC, orientation) and the same residual figures as `rsr residual`.
/// Runs on a Dispatch thread (`runBlocking`); the pipeline polls the cancellation flag between tiles, so a
/// request past its deadline stops at the next tile.
///
/// Which upscaler runs is injected: `rsr serve` passes the shipped models; tests pass cheap ones.
public struct LibraryEngine: SuperResolutionEngine {
    public let model: ModelInfo
    private let makeUpscaler: @Sendable (Int) throws -> any Upscaler

    /// Plain MATLAB bicubic, always offered beside the model: the baseline a user compares against.
    public static let bicubic = ModelInfo(id: "bicubic", scales: [2, 3, 4], description: "MATLAB bicubic (no learned model)")

    /// Builds the bicubic upscaler for a scale.
    public static let makeBicubic: @Sendable (Int) throws -> any Upscaler = { try BicubicUpscaler(scale: $0) }

    /// Defaults to plain bicubic (no learned model), which tests use; `rsr serve` passes the models.
    public init(
        model: ModelInfo = LibraryEngine.bicubic,
        makeUpscaler: @escaping @Sendable (Int) throws -> any Upscaler = LibraryEngine.makeBicubic
    ) {
        self.model = model
        self.makeUpscaler = makeUpscaler
    }

    /// The model first (the default), then bicubic unless the model is bicubic itself.
    public var models: [ModelInfo] { model.id == Self.bicubic.id ? [model] : [model, Self.bicubic] }

    public func probe(_ input: [UInt8]) throws -> ImageHeader {
        // No pixel limit here: the server compares the size with its own, configurable limits.
        try Image.header(data: input, limits: DecodeLimits(maxPixels: Int.max))
    }

    public func upscale(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void
    ) async throws -> EncodedImage {
        try await withPipeline(input, options: options, progress: progress) { image, pipeline, cancellation in
            let upscaled = try pipeline.upscale(image, cancellation: cancellation)
            progress(0.9)
            try cancellation.check()
            let bytes = try upscaled.encode(format: options.format,
                                            options: EncodeOptions().withQuality(options.quality, for: options.format))
            return EncodedImage(bytes: bytes, contentType: options.format.contentType)
        }
    }

    /// The colour map of SR - bicubic luminance, as `rsr residual` draws it (`ResidualFigureSet.map`).
    public func residual(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void
    ) async throws -> EncodedImage {
        try await withPipeline(input, options: options, progress: progress) { image, pipeline, cancellation in
            let upscaled = try pipeline.upscaleWhole(image, cancellation: cancellation)
            progress(0.8)
            try cancellation.check()
            let input = image.floatPlanes().color
            let figures = try ResidualFigureSet(input: input, upscaled: upscaled.color, hr: nil, range: nil)
            let bytes = try Image(floatImage: figures.map).encode(format: .png)
            return EncodedImage(bytes: bytes, contentType: Image.Format.png.contentType)
        }
    }

    /// Decodes `input` on a blocking thread and hands it, with the pipeline of the requested model and
    /// scale, to `body`.
    private func withPipeline<Result: Sendable>(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void,
        _ body: @escaping @Sendable (Image, UpscalePipeline, CancellationFlag) throws -> Result
    ) async throws -> Result {
        let makeUpscaler = options.modelID == Self.bicubic.id ? Self.makeBicubic : self.makeUpscaler
        let (scale, size, ensemble) = (options.scale, options.size, options.ensemble)
        let timeLimit = RequestDeadline.remaining
        return try await runBlocking { cancellation in
            // No pixel limit here: the server checked the header against its own limits already.
            // The decode gets the rest of the request's time.
            let image = try Image.decode(data: input, limits: DecodeLimits(maxPixels: Int.max, timeLimit: timeLimit))
            progress(0.1)
            // The request settled the scale for this image's size (ImageRequestProcessor.validate).
            let inner = try makeUpscaler(scale)
            let upscaler: any Upscaler = ensemble ? EnsembleUpscaler(inner) : inner
            let pipeline = try size.map { try UpscalePipeline(upscalers: [upscaler], size: $0) }
                ?? UpscalePipeline(upscaler: upscaler)
            return try body(image, pipeline, cancellation)
        }
    }
}
