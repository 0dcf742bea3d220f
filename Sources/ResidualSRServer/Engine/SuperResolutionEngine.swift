import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch

/// What the server needs from the image pipeline. The server is written only against this protocol so
/// that it can be tested with a fake engine and so that the model, codecs and tiling can change
/// underneath it; `LibraryEngine` (EngineAdapter.swift) is the one implementation over ResidualSR.
///
/// Implementations report bad input as `RSRError` (kind `.corrupt`, `.unsupported`, `.tooLarge`,
/// `.invalidArgument`); `APIError(_:)` turns those into HTTP statuses. They should honour task
/// cancellation (checked between tiles or rows): a request past its deadline cancels its work.
public protocol SuperResolutionEngine: Sendable {
    /// The models this engine can run; the first one is the default.
    var models: [ModelInfo] { get }

    /// Format and size from the header alone, without decoding pixels: cheap enough to run before any
    /// limit is checked, and safe against decompression bombs.
    func probe(_ input: [UInt8]) throws -> ImageHeader

    /// The input upscaled by `options.scale`, encoded as `options.format`.
    func upscale(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void
    ) async throws -> EncodedImage

    /// The residual the model adds on top of plain bicubic, as a viewable PNG (0.5 grey = no change).
    func residual(
        _ input: [UInt8], options: UpscaleRequestOptions, progress: @escaping @Sendable (Double) -> Void
    ) async throws -> EncodedImage
}

/// The two kinds of work the API offers; part of the cache key and of job records.
public enum ImageOperation: String, Sendable, Codable {
    case upscale
    case residual
}

/// Validated request parameters (see `UpscaleParameters` for parsing them from a query string).
public struct UpscaleRequestOptions: Sendable, Equatable, Codable {
    /// The model scale that runs: the one asked for, or (with `size`) the smallest that reaches it.
    public var scale: Int
    /// An exact size or non-integer factor (`scale=2.5`, `width`, `height`, `fit`); nil for `scale` times.
    public var size: OutputSize?
    public var format: Image.Format
    /// JPEG, WebP or AVIF quality 1...100; ignored for PNG and TIFF.
    public var quality: Int
    public var modelID: String
    /// Self-ensemble: the mean over the 8 flips/rotations of the input (8x the time).
    public var ensemble: Bool

    public init(scale: Int, size: OutputSize? = nil, format: Image.Format = .png,
                quality: Int = EncodeOptions.defaultJPEGQuality, modelID: String, ensemble: Bool = false) {
        self.scale = scale
        self.size = size
        self.format = format
        self.quality = quality
        self.modelID = modelID
        self.ensemble = ensemble
    }

    /// Job records written before `ensemble` existed lack it: off.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(scale: try container.decode(Int.self, forKey: .scale),
                  size: try container.decodeIfPresent(OutputSize.self, forKey: .size),
                  format: try container.decode(Image.Format.self, forKey: .format),
                  quality: try container.decode(Int.self, forKey: .quality),
                  modelID: try container.decode(String.self, forKey: .modelID),
                  ensemble: try container.decodeIfPresent(Bool.self, forKey: .ensemble) ?? false)
    }

    /// Stable text form used in cache keys: every field that changes the output bytes (keys made
    /// before `ensemble` existed stay valid for requests without it).
    var canonicalDescription: String {
        "model=\(modelID);scale=\(scale);size=\(size?.label ?? "");format=\(format.rawValue);quality=\(format.usesQuality ? quality : 0)"
            + (ensemble ? ";ensemble=1" : "")
    }
}

public struct EncodedImage: Sendable, Equatable {
    public var bytes: [UInt8]
    public var contentType: String

    public init(bytes: [UInt8], contentType: String) {
        self.bytes = bytes
        self.contentType = contentType
    }
}

public struct ModelInfo: Sendable, Equatable, Codable {
    public var id: String
    public var scales: [Int]
    public var description: String

    public init(id: String, scales: [Int], description: String) {
        self.id = id
        self.scales = scales
        self.description = description
    }
}
