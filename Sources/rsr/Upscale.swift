import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

struct Upscale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upscale images and folders of images.",
        discussion: """
            Outputs are named {stem}_x{scale}.{ext} in the output folder (see --name); {scale} is the factor (2, 2.5) or the size asked for (1920w, 1080h, fit1920x1080, 1920x1080). Existing outputs are skipped, so an interrupted run resumes where it stopped; outputs appear only when complete. Large images are processed in tiles within --max-memory and streamed to disk. Per-file errors are reported and the run continues; the exit status is 1 if any failed, 130 after Ctrl-C. See docs/cli.md and docs/scaling.md.

            Examples:
              rsr upscale photo.jpg -o out
              rsr upscale Samples -o out --scale 4 --format png
              rsr upscale photo.jpg -o out --scale 2.5     # x3, shrunk to 2.5x
              rsr upscale photo.jpg -o out --fit 1920x1080 # same aspect, in the box
              rsr upscale scan.tif -o out --format webp --webp-quality 85
              rsr upscale lr --recursive --exclude '*_mask.png' -o sr --json > log.jsonl
              rsr upscale lr -o sr --shard 3/16          # worker 3 of 16
              rsr upscale lr -o sr --residual maps --hr hr
            """)

    @OptionGroup var selection: InputSelectionOptions
    @OptionGroup var processing: ProcessingOptions

    @Option(name: .shortAndLong, help: "Output folder (created if missing).")
    var output: String

    @Option(help: ArgumentHelp("Output file name template: {stem}, {scale}, {ext}.", valueName: "template"))
    var name = OutputNaming.defaultTemplate

    @Option(help: ArgumentHelp("Output format (default: the input's).",
                               valueName: Image.Format.allValueStrings.joined(separator: "|")))
    var format: Image.Format?

    @Option(help: "JPEG quality, 1-100.")
    var jpegQuality = EncodeOptions.defaultJPEGQuality

    @Option(help: ArgumentHelp("PNG zlib level, 0-9: 1 (the default) encodes ~3x faster than 6, files ~15% larger.",
                               valueName: "level"))
    var pngCompression = EncodeOptions.defaultPNGCompressionLevel

    @OptionGroup(title: "WebP, AVIF and TIFF output") var formatOptions: FormatOptions

    @Option(help: ArgumentHelp("Also write residual maps (SR - bicubic) into this folder.", valueName: "dir"))
    var residual: String?

    @OptionGroup(title: "Residual maps") var maps: ResidualMapOptions

    func validate() throws {
        do { try OutputNaming.validate(template: name) } catch { throw ValidationError("\(error)") }
        guard (1...100).contains(jpegQuality) else { throw ValidationError("--jpeg-quality must be 1-100") }
        guard (0...9).contains(pngCompression) else { throw ValidationError("--png-compression must be 0-9") }
        if residual == nil && (maps.hr != nil || maps.raw != nil || maps.range != nil) {
            throw ValidationError("--hr, --raw and --range need --residual DIR")
        }
    }

    func run() async throws {
        let pipeline = try processing.pipeline()
        let naming = OutputNaming(folder: output, template: name, size: processing.size,
                                  format: format?.fileExtension, mirrorTree: selection.recursive)
        var options = processing.batchOptions
        options.format = format
        options.jpegQuality = jpegQuality
        options.pngCompressionLevel = pngCompression
        options.encodeOptions = formatOptions.encodeOptions
        options.residual = residual.map { maps.options(folder: $0, size: processing.size, mirrorTree: selection.recursive) }
        let residualOptions = options.residual
        let jobs = try BatchPlan.jobs(inputs: selection.inputs, discovery: selection.discovery, naming: naming,
                                      shard: try selection.resolvedShard()) { file in
            residualOptions?.paths(for: file).all ?? []
        }
        try runBatch(jobs, pipeline: pipeline, options: options, processing: processing)
    }
}
