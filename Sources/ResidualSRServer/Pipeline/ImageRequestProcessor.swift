import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch

/// The path every image request takes, synchronous or as a job: check the header against the limits,
/// answer from the cache if possible, otherwise wait for a slot and run the engine under a deadline.
final class ImageRequestProcessor: Sendable {
    let engine: any SuperResolutionEngine
    let limiter: WorkLimiter
    let cache: ResultCache
    let metrics: ServerMetrics
    let maxInputPixels: Int
    let maxOutputPixels: Int

    init(engine: any SuperResolutionEngine, configuration: ServerConfiguration, metrics: ServerMetrics) {
        self.engine = engine
        self.metrics = metrics
        self.cache = ResultCache(capacityBytes: configuration.cacheBytes)
        self.limiter = WorkLimiter(concurrency: configuration.concurrency, queueLength: configuration.queueLength) {
            running, queued in metrics.recordWork(running: running, queued: queued)
        }
        self.maxInputPixels = configuration.maxInputPixels
        self.maxOutputPixels = configuration.maxOutputPixels
    }

    /// Reads the header and applies the pixel limits; nothing is decoded yet. With an exact size,
    /// also settles which model scale runs for this image (`options.scale`).
    func validate(_ input: [UInt8], operation: ImageOperation, options: inout UpscaleRequestOptions) throws -> ImageHeader {
        if input.isEmpty {
            throw APIError(.badRequest, code: "empty_body", "the request body is empty; send the image bytes as the body")
        }
        let header = try engine.probe(input)
        if header.pixelCount > maxInputPixels {
            throw APIError(.contentTooLarge, code: "input_too_large",
                           "the image is \(header.width)x\(header.height) (\(megapixels(header.pixelCount)) Mpx); the limit is \(megapixels(maxInputPixels)) Mpx")
        }
        let (width, height) = try outputSize(of: header, options: &options)
        let outputPixels = width.multipliedReportingOverflow(by: height)
        if max(width, height) > options.format.maxSide {
            throw APIError(.contentTooLarge, code: "output_too_large",
                           "the output would be \(width)x\(height); \(options.format.name) stores at most \(options.format.maxSide) pixels a side")
        }
        if outputPixels.overflow || outputPixels.partialValue > maxOutputPixels {
            throw APIError(.contentTooLarge, code: "output_too_large",
                           "the output would be \(width)x\(height); the limit is \(megapixels(maxOutputPixels)) Mpx")
        }
        return header
    }

    /// `scale` times the header's size, or the exact size asked for (then `options.scale` becomes the
    /// smallest of the model's scales that reaches it).
    private func outputSize(of header: ImageHeader, options: inout UpscaleRequestOptions) throws -> (width: Int, height: Int) {
        guard let size = options.size else {
            let (width, widthOverflow) = header.width.multipliedReportingOverflow(by: options.scale)
            let (height, heightOverflow) = header.height.multipliedReportingOverflow(by: options.scale)
            return widthOverflow || heightOverflow ? (Int.max, Int.max) : (width, height)
        }
        let scales = engine.models.first { $0.id == options.modelID }?.scales ?? [options.scale]
        do {
            let output = try size.size(width: header.width, height: header.height)
            options.scale = try OutputSize.networkScale(for: output, width: header.width, height: header.height, scales: scales)
            return output
        } catch let error as RSRError {
            throw APIError(.badRequest, code: "invalid_parameter", error.reason)
        }
    }

    struct Outcome: Sendable {
        var image: EncodedImage
        var cacheHit: Bool
    }

    /// `countsAgainstQueue: false` for jobs (see `WorkLimiter.withSlot`); `onStart` runs once a slot is held.
    func process(
        _ input: [UInt8], header: ImageHeader, operation: ImageOperation, options: UpscaleRequestOptions,
        timeout: Duration, countsAgainstQueue: Bool = true,
        onStart: @escaping @Sendable () -> Void = {},
        progress: @escaping @Sendable (Double) -> Void = { _ in }
    ) async throws -> Outcome {
        let key = cache.capacityBytes > 0 ? ResultCache.key(input: input, operation: operation, options: options) : nil
        if let key, let cached = cache.value(forKey: key) {
            metrics.recordCache(hit: true)
            progress(1)
            return Outcome(image: cached, cacheHit: true)
        }
        if key != nil { metrics.recordCache(hit: false) }
        let engine = self.engine
        let image = try await RequestDeadline.$instant.withValue(.now + timeout) { try await withDeadline(timeout) { [limiter] in
            try await limiter.withSlot(countsAgainstQueue: countsAgainstQueue) {
                try Task.checkCancellation()
                onStart()
                switch operation {
                case .upscale: return try await engine.upscale(input, options: options, progress: progress)
                case .residual: return try await engine.residual(input, options: options, progress: progress)
                }
            }
        } }
        var settled = options
        let output = (try? outputSize(of: header, options: &settled)) ?? (width: 0, height: 0)
        metrics.recordOutput(pixels: output.width * output.height)
        if let key { cache.insert(image, forKey: key) }
        progress(1)
        return Outcome(image: image, cacheHit: false)
    }

    private func megapixels(_ pixels: Int) -> String {
        let value = Double(pixels) / 1_000_000
        return value >= 10 ? String(Int(value.rounded())) : String((value * 10).rounded() / 10)
    }
}
