import CImageCodecs
import ResidualSRCore

extension ImageCodec {
    /// AVIF over libavif (avif.c; dav1d decodes, libaom encodes): the primary image or a sequence's
    /// first frame, 8-bit or 10/12-bit (as 16-bit); written at 8 bits, or 10 from 16-bit input; irot/imir
    /// applied as an orientation, ICC and EXIF kept.
    static let avif = ImageCodec(
        name: "AVIF", fileExtensions: ["avif"], contentType: "image/avif",
        storesAlpha: true, storesGray: true, bitDepths: [8, 16],
        matches: { head in head.count >= 12 && Array(head[4..<8]) == Array("ftyp".utf8) && hasAVIFBrand(head) },
        decode: rsr_avif_decode, openWriter: rsr_avif_writer_open,
        metadata: { raw in DecodedMetadata(raw: raw) })

    /// `avif` (still image) or `avis` (sequence) as the major brand (bytes 8-11) or as one of the
    /// compatible brands that fit in the magic prefix (from byte 16, within the ftyp box).
    private static func hasAVIFBrand(_ head: [UInt8]) -> Bool {
        let brands = [Array("avif".utf8), Array("avis".utf8)]
        let boxEnd = min(head.count, Int(head[0]) << 24 | Int(head[1]) << 16 | Int(head[2]) << 8 | Int(head[3]))
        var offsets = [8]
        offsets += stride(from: 16, to: boxEnd - 3, by: 4)
        return offsets.contains { offset in brands.contains(Array(head[offset..<(offset + 4)])) }
    }
}
