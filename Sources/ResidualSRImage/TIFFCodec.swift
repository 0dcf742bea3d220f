import CImageCodecs
import ResidualSRCore

extension ImageCodec {
    /// TIFF over libtiff (tiff.c, tiff_write.c): the first page; 8/16-bit gray/RGB with or without
    /// alpha, strips or tiles, any compression libtiff reads (others through its RGBA reader); written
    /// with deflate, LZW or none; Orientation tag applied, ICC kept.
    static let tiff = ImageCodec(
        name: "TIFF", fileExtensions: ["tif", "tiff"], contentType: "image/tiff",
        storesAlpha: true, storesGray: true, bitDepths: [8, 16],
        matches: { head in
            head.count >= 4 && ((head[0] == 0x49 && head[1] == 0x49 && (head[2] == 42 || head[2] == 43) && head[3] == 0)
                || (head[0] == 0x4D && head[1] == 0x4D && head[2] == 0 && (head[3] == 42 || head[3] == 43)))
        },
        decode: rsr_tiff_decode, openWriter: rsr_tiff_writer_open,
        metadata: { raw in DecodedMetadata(raw: raw) })
}
