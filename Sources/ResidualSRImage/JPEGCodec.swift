import CImageCodecs
import ResidualSRCore

extension ImageCodec {
    /// JPEG over libjpeg-turbo (jpeg.c): baseline and progressive, gray, RGB and CMYK read; 8-bit gray
    /// or RGB written; EXIF orientation applied, ICC kept (APP2 chunks).
    static let jpeg = ImageCodec(
        name: "JPEG", fileExtensions: ["jpg", "jpeg"], contentType: "image/jpeg",
        storesAlpha: false, storesGray: true, bitDepths: [8],
        matches: { $0.count >= 3 && $0[0] == 0xFF && $0[1] == 0xD8 && $0[2] == 0xFF },
        decode: rsr_jpeg_decode, openWriter: rsr_jpeg_writer_open,
        metadata: { raw in
            var metadata = DecodedMetadata()
            let markers = raw.markers.map { JPEGMarkers(packed: UnsafeBufferPointer(start: $0, count: raw.markers_size)) }
            metadata.orientation = markers?.orientation ?? 1
            metadata.exif = markers?.exif
            // After CMYK -> RGB conversion a CMYK profile no longer describes the pixels.
            if raw.source_color != RSR_COLOR_CMYK && raw.source_color != RSR_COLOR_YCCK {
                metadata.iccProfile = markers?.iccProfile
            }
            return metadata
        })
}
