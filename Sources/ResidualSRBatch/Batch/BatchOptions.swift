import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// How a batch run treats its files (the CLI's flags, minus discovery and naming).
public struct BatchOptions: Sendable {
    /// Redo outputs that already exist (default: skip them, which is how an interrupted run resumes).
    public var overwrite = false
    /// Report what would be written, touch nothing.
    public var dryRun = false
    /// Stop at the first failure (the file in flight is discarded).
    public var failFast = false
    /// Output format; nil keeps each input's.
    public var format: Image.Format?
    public var jpegQuality = EncodeOptions.defaultJPEGQuality
    public var pngCompressionLevel = EncodeOptions.defaultPNGCompressionLevel
    /// The WebP, AVIF and TIFF settings (JPEG quality and the PNG level are the two fields above).
    public var encodeOptions = EncodeOptions()
    /// Write the upscaled image (`rsr upscale`); `rsr residual` only writes the figures.
    public var writeUpscaled = true
    /// Residual maps to write alongside (`--residual DIR`, or `rsr residual`).
    public var residual: ResidualOptions?

    public init() {}
}

/// One input and where its output goes.
public struct BatchJob: Sendable, Equatable {
    public var file: InputFile
    public var output: String

    public init(file: InputFile, output: String) {
        self.file = file
        self.output = output
    }
}
