import ResidualSR

/// The server's engine over the ResidualSR library: decode with `Image.decode`, upscale the RGB planes
/// with an `Upscaler`, encode with `Image.encode`. Runs on a Dispatch thread (`runBlocking`) and checks
/// for cancellation between stages, so a request past its deadline stops at the next stage boundary.
///
/// Which upscaler runs is injected: nearest neighbour by default, because neither bicubic nor the
/// network is part of this branch. Wiring another one is a matter of passing it in `Serve.swift`:
///
///     LibraryEngine(model: ModelInfo(id: "bicubic", ...), makeUpscaler: { BicubicUpscaler(scale: $0) })
///
/// Alpha is dropped (the output is RGB) and EXIF orientation is applied on decode, so outputs are
/// upright; the ICC profile is carried over.
public struct LibraryEngine: SuperResolutionEngine {
    public let model: ModelInfo
    private let makeUpscaler: @Sendable (Int) throws -> any Upscaler
    private let makeBaseline: @Sendable (Int) throws -> any Upscaler

    /// `makeBaseline` is what `residual` subtracts: the plain interpolation a network adds its
    /// residual to. With no network the two are the same and the residual map is flat grey.
    public init(
        model: ModelInfo = ModelInfo(id: "nearest", scales: [2, 3, 4], description: "nearest-neighbour pixel replication (no learned model)"),
        makeUpscaler: @escaping @Sendable (Int) throws -> any Upscaler = { NearestNeighbourUpscaler(scale: $0) },
        makeBaseline: @escaping @Sendable (Int) throws -> any Upscaler = { NearestNeighbourUpscaler(scale: $0) }
    ) {
        self.model = model
        self.makeUpscaler = makeUpscaler
        self.makeBaseline = makeBaseline
    }

    public var models: [ModelInfo] { [model] }

    public func probe(_ input: [UInt8]) throws -> ImageHeaderInfo {
        // No pixel limit here: the server compares the size with its own, configurable limits.
        let header = try Image.header(data: input, limits: DecodeLimits(maxPixels: Int.max))
        return ImageHeaderInfo(format: header.format == .png ? .png : .jpeg, width: header.width, height: header.height)
    }

    public func upscale(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void
    ) async throws -> EncodedImage {
        let makeUpscaler = self.makeUpscaler
        return try await runBlocking { cancellation in
            let (image, rgb) = try decode(input)
            progress(0.1)
            try cancellation.check()
            let upscaled = try makeUpscaler(options.scale).upscale(rgb)
            progress(0.9)
            try cancellation.check()
            return try encode(upscaled, like: image, options: options)
        }
    }

    public func residual(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void
    ) async throws -> EncodedImage {
        let (makeUpscaler, makeBaseline) = (self.makeUpscaler, self.makeBaseline)
        return try await runBlocking { cancellation in
            let (image, rgb) = try decode(input)
            progress(0.1)
            try cancellation.check()
            var map = try makeUpscaler(options.scale).upscale(rgb)
            progress(0.5)
            try cancellation.check()
            let baseline = try makeBaseline(options.scale).upscale(rgb)
            guard baseline.pixels.count == map.pixels.count else {
                throw RSRError(.model, "the upscaler and the baseline disagree on the output size")
            }
            // 0.5 grey is "no change"; the residual is shown at 1:1 around it.
            for index in map.pixels.indices { map.pixels[index] = 0.5 + map.pixels[index] - baseline.pixels[index] }
            progress(0.9)
            var pngOptions = options
            pngOptions.format = .png
            return try encode(map, like: image, options: pngOptions)
        }
    }

    private func decode(_ input: [UInt8]) throws -> (Image, FloatImage) {
        let image = try Image.decode(data: input, limits: DecodeLimits(maxPixels: Int.max))
        // Upscalers take exactly 3 planes: gray is replicated, alpha dropped.
        let color = image.floatPlanes().color
        return (image, color.channels == 3 ? color : FloatImage.stacking([color, color, color]))
    }

    private func encode(_ planes: FloatImage, like source: Image, options: UpscaleRequestOptions) throws -> EncodedImage {
        let output = Image(floatImage: planes, bitDepth: 8, iccProfile: source.iccProfile)
        let format: Image.Format = options.format == .png ? .png : .jpeg
        let bytes = try output.encode(format: format, options: EncodeOptions(jpegQuality: options.quality))
        return EncodedImage(bytes: bytes, contentType: options.format.contentType)
    }
}
