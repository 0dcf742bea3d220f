#ifndef RSR_WEBP_H
#define RSR_WEBP_H
// WebP over libwebp 1.2 (decode, encode, and WebPMux/WebPDemux for the ICCP and EXIF chunks).
// Included by CImageCodecs.h; see it for rsr_status and rsr_decoded.

/// The two-call protocol of rsr_png_decode: the header call (pixels NULL) reads the size, the
/// ICC profile and the EXIF chunk (out->exif) and checks max_pixels; the pixel call decodes 8-bit RGB,
/// or RGBA when the file has alpha. Lossy and lossless decode the same way. Animated files are
/// refused with RSR_STATUS_UNSUPPORTED (libwebp cannot stream, and compositing frames is out of scope).
rsr_status rsr_webp_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out);

/// WebP sides are at most 16383 pixels (the VP8/VP8L bitstreams store 14 bits).
enum { RSR_WEBP_MAX_DIMENSION = 16383 };

typedef struct {
    int quality;             // lossy: 1-100
    int lossless;            // 1: VP8L, exact (RGB under transparent pixels is kept too)
    int effort;              // lossless: 0-9 (libwebp's WebPConfigLosslessPreset level)
    const uint8_t *icc;      // optional ICCP chunk (copied at open)
    size_t icc_size;
    const uint8_t *exif;     // optional EXIF chunk, TIFF header first (copied at open)
    size_t exif_size;
} rsr_webp_options;

typedef struct rsr_webp_writer rsr_webp_writer;

/// The row-writer interface of rsr_png_writer, but libwebp has no row API: rows are collected in one
/// 8-bit RGB(A) buffer (gray is expanded to RGB) and encoded in finish. channels 1-4, 8-bit.
rsr_status rsr_webp_writer_open(rsr_webp_writer **out, int fd, uint32_t width, uint32_t height,
                                int channels, const rsr_webp_options *options,
                                char message[RSR_MESSAGE_CAPACITY]);
rsr_status rsr_webp_writer_write_rows(rsr_webp_writer *writer, const uint8_t *rows, uint32_t count);
rsr_status rsr_webp_writer_finish(rsr_webp_writer *writer);
const uint8_t *rsr_webp_writer_buffer(const rsr_webp_writer *writer, size_t *size);
const char *rsr_webp_writer_message(const rsr_webp_writer *writer);
void rsr_webp_writer_destroy(rsr_webp_writer *writer);

#endif
