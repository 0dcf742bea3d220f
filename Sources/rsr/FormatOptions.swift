import ArgumentParser
import ResidualSRImage

/// The WebP, AVIF and TIFF writer settings of `rsr upscale` (JPEG and PNG have theirs beside --format).
struct FormatOptions: ParsableArguments {
    @Option(help: "Lossy WebP quality, 1-100 (alpha is kept losslessly).")
    var webpQuality = EncodeOptions.defaultWebPQuality

    @Flag(help: "Lossless WebP (exact; about 4x larger than lossy at 90).")
    var webpLossless = false

    @Option(help: "AVIF quality, 1-100.")
    var avifQuality = EncodeOptions.defaultAVIFQuality

    @Option(help: "AVIF encoder speed, 0 (slowest, smallest) - 10.")
    var avifSpeed = 8

    @Option(help: ArgumentHelp("TIFF compression (deflate uses the --png-compression zlib level).",
                               valueName: TIFFCompression.allCases.map(\.rawValue).joined(separator: "|")))
    var tiffCompression = TIFFCompression.deflate

    @Option(help: ArgumentHelp("TIFF tiles of this side (a multiple of 16) instead of strips.", valueName: "pixels"))
    var tiffTile = 0

    func validate() throws {
        guard (1...100).contains(webpQuality) else { throw ValidationError("--webp-quality must be 1-100") }
        guard (1...100).contains(avifQuality) else { throw ValidationError("--avif-quality must be 1-100") }
        guard (0...10).contains(avifSpeed) else { throw ValidationError("--avif-speed must be 0-10") }
        guard tiffTile >= 0, tiffTile % 16 == 0 else { throw ValidationError("--tiff-tile must be a multiple of 16") }
    }

    var encodeOptions: EncodeOptions {
        EncodeOptions(webpQuality: webpQuality, webpLossless: webpLossless, avifQuality: avifQuality,
                      avifSpeed: avifSpeed, tiffCompression: tiffCompression, tiffTileSize: tiffTile)
    }
}

extension TIFFCompression: ExpressibleByArgument {}
