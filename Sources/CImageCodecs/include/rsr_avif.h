#ifndef RSR_AVIF_H
#define RSR_AVIF_H
// AVIF over libavif 0.11 (Debian's build decodes with dav1d and encodes with libaom).
// Included by CImageCodecs.h.

/// The two-call protocol of rsr_png_decode, for the primary image (the first frame of a sequence).
/// 8-bit files decode to 8-bit RGB(A), 10- and 12-bit files to 16-bit RGB(A) (scaled to 0-65535).
/// Pixels are as stored: out->orientation is irot/imir as an EXIF orientation value.
rsr_status rsr_avif_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out);

/// The writer for AVIF: channels 1-4 at 8 or 16 bits (16-bit stored at 10 bits, gray as 4:0:0);
/// quality, speed, chroma444, icc and exif of rsr_write_options. Like WebP, rows are collected and
/// encoded in rsr_writer_finish.
rsr_status rsr_avif_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                                int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]);

#endif
