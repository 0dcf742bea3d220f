import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// The batch runner's files through the PNG/JPEG codecs.
public struct CodecImageIO: BatchImageIO {
    public var limits: DecodeLimits

    public init(limits: DecodeLimits = .default) { self.limits = limits }

    public func decode(_ path: String) throws -> any UpscaleSource {
        try Image.decode(file: path, limits: limits)
    }

    public func openWriter(_ path: String, layout: OutputLayout) throws -> any BatchRowWriter {
        try ImageWriter(
            path: path, format: layout.format, width: layout.width, height: layout.height, channels: layout.channels,
            bitDepth: layout.bitDepth, options: EncodeOptions(jpegQuality: layout.jpegQuality, pngCompressionLevel: layout.pngCompressionLevel),
            iccProfile: layout.iccProfile, pngColor: layout.pngColor)
    }

    public func writeWhole(_ image: FloatImage, bitDepth: Int, to path: String) throws {
        try Image(floatImage: image, bitDepth: bitDepth).write(to: path, format: .png)
    }

    public func writeGray16(_ samples: [UInt16], width: Int, height: Int, to path: String) throws {
        try Image(width: width, height: height, channels: 1, samples: .sixteen(samples)).write(to: path, format: .png)
    }
}

/// The library's one writer is the batch runner's writer.
extension ImageWriter: BatchRowWriter {
    public func write(_ rows: OutputRows) throws { try append(samples: rows.samples) }
    public func abort() { cancel() }
}
