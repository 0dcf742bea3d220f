#ifndef RSR_AVIF_H
#define RSR_AVIF_H
// AVIF over libavif 0.11 (Debian's build decodes with dav1d and encodes with libaom).
// Included by CImageCodecs.h.

/// The two-call protocol of rsr_png_decode, for the primary image (the first frame of a sequence).
/// 8-bit files decode to 8-bit RGB(A), 10- and 12-bit files to 16-bit RGB(A) (scaled to 0-65535).
/// Pixels are as stored: out->orientation is irot/imir as an EXIF orientation value.
rsr_status rsr_avif_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out);

typedef struct {
    int quality;             // 1-100 (mapped onto AV1 quantizers 63-0; 100 is lossless-grade)
    int speed;               // 0 (slowest) - 10 (fastest)
    int chroma444;           // 1: 4:4:4; 0: 4:2:0
    const uint8_t *icc;      // optional colr/prof box
    size_t icc_size;
    const uint8_t *exif;     // optional Exif item, TIFF header first
    size_t exif_size;
} rsr_avif_options;

typedef struct rsr_avif_writer rsr_avif_writer;

/// The row-writer interface; like WebP, rows are collected and encoded in finish. channels 1-4 at 8
/// or 16 bits; 16-bit input is stored at 10 bits. Gray is stored as 4:0:0.
rsr_status rsr_avif_writer_open(rsr_avif_writer **out, int fd, uint32_t width, uint32_t height,
                                int channels, int bit_depth, const rsr_avif_options *options,
                                char message[RSR_MESSAGE_CAPACITY]);
rsr_status rsr_avif_writer_write_rows(rsr_avif_writer *writer, const void *rows, uint32_t count);
rsr_status rsr_avif_writer_finish(rsr_avif_writer *writer);
const uint8_t *rsr_avif_writer_buffer(const rsr_avif_writer *writer, size_t *size);
const char *rsr_avif_writer_message(const rsr_avif_writer *writer);
void rsr_avif_writer_destroy(rsr_avif_writer *writer);

#endif
