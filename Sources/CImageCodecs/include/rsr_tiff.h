#ifndef RSR_TIFF_H
#define RSR_TIFF_H
// TIFF over libtiff 4.5. libtiff's errors and warnings go to the shim's message buffer through
// TIFFOpenOptions handlers (never to stderr). Included by CImageCodecs.h.

/// The two-call protocol of rsr_png_decode, for the first page (directory) of the file.
/// Gray, gray+alpha, RGB and RGBA at 8 or 16 bits, striped or tiled, contiguous or planar, any
/// compression libtiff decodes, come out at their own channels and depth (associated alpha is
/// un-premultiplied, min-is-white inverted); other layouts (palette, 1/2/4-bit, YCbCr, CMYK, ...) go
/// through libtiff's RGBA reader as 8-bit RGB or RGBA. Pixels are as stored: out->orientation
/// (1-8) is the Orientation tag for the caller to apply. out->pages counts the directories.
rsr_status rsr_tiff_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out);

typedef enum {
    RSR_TIFF_NONE = 0,
    RSR_TIFF_LZW = 1,
    RSR_TIFF_DEFLATE = 2,
} rsr_tiff_compression;

typedef struct {
    rsr_tiff_compression compression;
    int tile_size;           // 0: strips; otherwise square tiles of this many pixels (a multiple of 16)
    const uint8_t *icc;      // optional, written as the ICC profile tag
    size_t icc_size;
} rsr_tiff_options;

typedef struct rsr_tiff_writer rsr_tiff_writer;

/// The row-writer interface of rsr_png_writer: channels 1-4 at 8 or 16 bits, alpha unassociated.
/// Strips stream scanline by scanline; tiles buffer one band of tile_size rows.
rsr_status rsr_tiff_writer_open(rsr_tiff_writer **out, int fd, uint32_t width, uint32_t height,
                                int channels, int bit_depth, const rsr_tiff_options *options,
                                char message[RSR_MESSAGE_CAPACITY]);
rsr_status rsr_tiff_writer_write_rows(rsr_tiff_writer *writer, const void *rows, uint32_t count);
rsr_status rsr_tiff_writer_finish(rsr_tiff_writer *writer);
const uint8_t *rsr_tiff_writer_buffer(const rsr_tiff_writer *writer, size_t *size);
const char *rsr_tiff_writer_message(const rsr_tiff_writer *writer);
void rsr_tiff_writer_destroy(rsr_tiff_writer *writer);

/// Test support: writes any layout the decoder should read, in one go. photometric: a TIFF
/// PHOTOMETRIC_* value (0 min-is-white, 1 min-is-black, 2 RGB); planar 1 contiguous / 2 separate;
/// extra_sample: the ExtraSamples value for the sample after the colour ones (0 unspecified,
/// 1 associated, 2 unassociated; -1 none); tile_size 0 for strips; orientation 1-8 (0: no tag);
/// pages: that many copies of the image as directories. samples: interleaved (bits_per_sample 1:
/// packed rows, MSB first), 16-bit in host order. *out is malloc'd (rsr_free).
rsr_status rsr_tiff_encode_raw(uint32_t width, uint32_t height, int samples_per_pixel, int bits_per_sample,
                               int photometric, int planar, int extra_sample, rsr_tiff_compression compression,
                               int tile_size, int orientation, int pages, const void *samples,
                               uint8_t **out, size_t *out_size, char message[RSR_MESSAGE_CAPACITY]);

#endif
