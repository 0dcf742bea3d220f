import CImageCodecs
import ResidualSRCore

extension ImageCodec {
    /// WebP over libwebp (webp.c): lossy, lossless and alpha read, animations refused; 8-bit RGB(A)
    /// written lossy or lossless; ICCP and EXIF chunks kept (EXIF orientation applied on decode).
    static let webp = ImageCodec(
        name: "WebP", fileExtensions: ["webp"], contentType: "image/webp",
        storesAlpha: true, storesGray: false, bitDepths: [8],
        matches: { $0.count >= 12 && $0.starts(with: Array("RIFF".utf8)) && Array($0[8..<12]) == Array("WEBP".utf8) },
        decode: rsr_webp_decode, openWriter: rsr_webp_writer_open,
        metadata: { raw in
            var metadata = DecodedMetadata(raw: raw)
            metadata.orientation = metadata.exif.flatMap { ExifOrientation.parse(tiff: $0) } ?? 1
            return metadata
        })
}
