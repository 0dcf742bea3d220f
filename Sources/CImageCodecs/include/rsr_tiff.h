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

/// The writer for TIFF: channels 1-4 at 8 or 16 bits, alpha unassociated; tiff_compression,
/// tile_size, compression_level (deflate's zlib level) and icc of rsr_write_options. Strips stream
/// scanline by scanline; tiles buffer one band of tile_size rows.
rsr_status rsr_tiff_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                                int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]);

#endif
