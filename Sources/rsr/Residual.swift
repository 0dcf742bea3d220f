import ArgumentParser
import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

struct Residual: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the upscaler adds over bicubic, as colour-mapped residual maps.",
        discussion: """
            For each input, writes into the output folder:
              {stem}_x{scale}_residual.png   luma of SR - bicubic: blue darker,
                                             red brighter, colour bar in 8-bit levels
              {stem}_x{scale}_strip.png      input (nearest) | bicubic | SR | residual
              {stem}_x{scale}_residual16.png or .npy with --raw (exact signed values)

            {scale} is the factor or size asked for (2, 2.5, 1920w, fit1920x1080), as in rsr upscale; at a size that is not the model's own multiple, bicubic means MATLAB imresize straight to the output size.

            The colour scale is symmetric; its half-width is the 99.5th percentile of |residual| unless --range gives it. With --hr, the strip adds HR, HR - bicubic (what an ideal upscaler would add) and SR - HR (its error), and the titles show Y-PSNR. See docs/cli.md.

            Examples:
              rsr residual Samples -o out/residuals --scale 4
              rsr residual lr/ -o maps --hr hr/ --range 16 --raw npy
            """)

    @OptionGroup var selection: InputSelectionOptions
    @OptionGroup var processing: ProcessingOptions
    @OptionGroup(title: "Residual maps") var maps: ResidualMapOptions

    @Option(name: .shortAndLong, help: "Output folder (created if missing).")
    var output: String

    func run() async throws {
        let pipeline = try processing.pipeline()
        let residual = maps.options(folder: output, size: processing.size, mirrorTree: selection.recursive)
        let jobs = try BatchPlan.jobs(inputs: selection.inputs, discovery: selection.discovery, shard: try selection.resolvedShard(),
                                      output: { residual.paths(for: $0).map },
                                      otherOutputs: { residual.paths(for: $0).all })
        var options = processing.batchOptions
        options.writeUpscaled = false
        options.residual = residual
        try runBatch(jobs, pipeline: pipeline, options: options, processing: processing)
    }
}
