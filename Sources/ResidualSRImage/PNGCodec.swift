import CImageCodecs
import ResidualSRCore

extension ImageCodec {
    /// PNG over libpng (png.c): every colour type and bit depth read, 8/16-bit gray/RGB with alpha
    /// written, iCCP, gAMA and sRGB kept.
    static let png = ImageCodec(
        name: "PNG", fileExtensions: ["png"], contentType: "image/png",
        storesAlpha: true, storesGray: true, bitDepths: [8, 16],
        matches: { $0.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) },
        decode: rsr_png_decode, openWriter: rsr_png_writer_open,
        metadata: { raw in
            var metadata = DecodedMetadata()
            if let bytes = raw.icc, raw.icc_size > 0 {
                metadata.iccProfile = Array(UnsafeBufferPointer(start: bytes, count: raw.icc_size))
            }
            let color = PNGColorInfo(gamma: raw.has_gamma != 0 ? Int(raw.gamma) : nil,
                                     srgbIntent: raw.srgb_intent >= 0 ? Int(raw.srgb_intent) : nil)
            metadata.pngColor = color == PNGColorInfo() ? nil : color
            return metadata
        })
}
