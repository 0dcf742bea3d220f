#ifndef CIMAGECODECS_H
#define CIMAGECODECS_H
// Thin C shim over libpng, libjpeg-turbo, libwebp, libtiff and libavif.
//
// Both libraries report errors with longjmp. Every function here that can fail sets up its own
// setjmp, so a longjmp never crosses a Swift frame: callers only ever see a returned status and a
// message in a buffer (ResidualSRImage/CodecStatus.swift turns it into a Swift error).
#include <stddef.h>
#include <stdint.h>

typedef enum {
    RSR_STATUS_OK = 0,
    RSR_STATUS_CORRUPT = 1,          // malformed or truncated data
    RSR_STATUS_UNSUPPORTED = 2,      // valid data we do not handle
    RSR_STATUS_TOO_LARGE = 3,        // over max_pixels or size_t
    RSR_STATUS_NO_MEMORY = 4,
    RSR_STATUS_IO = 5,               // cannot write the output
    RSR_STATUS_INVALID_ARGUMENT = 6, // caller error (bad shape, rows past the end, ...)
} rsr_status;

enum { RSR_MESSAGE_CAPACITY = 256 };

/// How a file stores its colour, before the decoder converts it (alpha is `source_alpha`).
typedef enum {
    RSR_COLOR_UNKNOWN = 0,
    RSR_COLOR_GRAY,
    RSR_COLOR_RGB,
    RSR_COLOR_PALETTE,
    RSR_COLOR_YCBCR,
    RSR_COLOR_CMYK,
    RSR_COLOR_YCCK,
    RSR_COLOR_YUV444,        // AVIF chroma sampling
    RSR_COLOR_YUV422,
    RSR_COLOR_YUV420,
    RSR_COLOR_MIN_IS_WHITE,  // TIFF photometric interpretations with no other format's equal
    RSR_COLOR_MASK,
    RSR_COLOR_CIELAB,
    RSR_COLOR_LOGL,
    RSR_COLOR_LOGLUV,
} rsr_color_space;

/// The result of a decode. Everything malloc'd here is released by rsr_decoded_free.
typedef struct {
    uint32_t width;
    uint32_t height;
    int channels;            // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (after expansion)
    int bit_depth;           // 8 or 16
    int source_bit_depth;    // as stored in the file (PNG 1/2/4/8/16; JPEG 8)
    rsr_color_space source_color;
    int source_alpha;        // the file stores an alpha channel (PNG tRNS is not counted)
    int lossless;            // WebP: VP8L rather than VP8
    int interlaced;          // PNG Adam7 / JPEG progressive
    size_t pixels_size;      // bytes of the decoded interleaved rows (16-bit samples in host order)
    uint8_t *icc;            // PNG iCCP (decompressed); JPEG: NULL, see markers
    size_t icc_size;
    int has_gamma;           // PNG gAMA
    uint32_t gamma;          // gAMA value x 100000
    int srgb_intent;         // PNG sRGB rendering intent 0-3, -1 if absent
    // JPEG APP1/APP2 markers, packed: [marker u8][length u32 little-endian][data]...
    uint8_t *markers;
    size_t markers_size;
    uint8_t *exif;           // WebP EXIF chunk / AVIF Exif item: TIFF header first (NULL if none)
    size_t exif_size;
    int orientation;         // TIFF Orientation tag, AVIF irot/imir as an EXIF value 1-8; 0: not stored
    int pages;               // TIFF directories / AVIF frames in the file (0: not counted)
    char message[RSR_MESSAGE_CAPACITY];
} rsr_decoded;

void rsr_decoded_free(rsr_decoded *decoded);

/// Decodes a PNG from memory in two calls. With pixels NULL only the header (and iCCP, gAMA, sRGB)
/// is read and out->pixels_size says how many bytes the image needs; width * height over
/// max_pixels, or a size overflowing size_t, fails with RSR_STATUS_TOO_LARGE. The caller then
/// allocates that buffer and calls again with it, so no pixel memory exists before the check.
/// Palette, low bit depths and tRNS are expanded to 8-bit gray/gray+alpha/RGB/RGBA; 16-bit stays 16-bit.
rsr_status rsr_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                          size_t pixels_capacity, rsr_decoded *out);

/// The same two-call protocol for JPEG: 8-bit gray or RGB; CMYK/YCCK are converted to RGB. The header
/// call also collects the APP1/APP2 markers.
rsr_status rsr_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out);

/// Progressive JPEGs with more scans than this are refused (RSR_STATUS_TOO_LARGE); encoders write
/// about ten.
enum { RSR_JPEG_MAX_SCANS = 100 };

/// Limits the JPEG decodes that follow on the calling thread to `seconds` of wall time from now
/// (0: no limit); past it they fail with RSR_STATUS_TOO_LARGE. Thread-local, so that a server can give
/// each request's decode the rest of that request's deadline.
void rsr_set_decode_time_limit(double seconds);
int rsr_decode_time_exceeded(void);

// MARK: - Row writers
// One writer type for every format: a format's open function (rsr_png_writer_open, ...) makes it, the
// rsr_writer_* functions drive it. It streams rows to an open file descriptor (which it takes over and
// closes) or, with fd = -1, to a memory buffer. rows: `count` rows of width * channels interleaved
// samples, 16-bit in host order.

typedef struct rsr_writer rsr_writer;

/// Every format's settings in one struct; each format reads the fields that apply to it.
typedef struct {
    int quality;             // JPEG: 1-100
    int chroma444;           // JPEG: 1 no chroma subsampling; 0 4:2:0
    int progressive;         // JPEG
    int compression_level;   // PNG: zlib 0-9, -1 = libpng default
    const uint8_t *icc;      // optional: PNG iCCP, JPEG APP2 ICC_PROFILE chunks
    size_t icc_size;
    int has_gamma;           // PNG gAMA
    uint32_t gamma;          // x 100000
    int srgb_intent;         // PNG sRGB, -1 = none
    int lossless;            // WebP: 1 VP8L (exact) instead of VP8; quality is the lossy quality 1-100
    int effort;              // WebP lossless: 0-9 (libwebp's lossless preset)
    int speed;               // AVIF: libaom speed 0-10; quality 1-100, chroma444 as for JPEG
    int tiff_compression;    // TIFF: an rsr_tiff_compression; deflate uses compression_level
    int tile_size;           // TIFF: 0 strips, else square tiles (a multiple of 16)
    const uint8_t *exif;     // WebP EXIF chunk / AVIF Exif item, TIFF header first (optional)
    size_t exif_size;
} rsr_write_options;

/// The one signature of a format's open function. On failure *out is NULL, fd is closed and the
/// reason is in message.
typedef rsr_status (*rsr_writer_open_function)(rsr_writer **out, int fd, uint32_t width, uint32_t height,
                                               int channels, int bit_depth, const rsr_write_options *options,
                                               char message[RSR_MESSAGE_CAPACITY]);

/// channels 1-4 (gray, gray+alpha, RGB, RGBA), bit_depth 8 or 16.
rsr_status rsr_png_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                               int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]);
/// channels 1 (gray) or 3 (RGB), bit_depth 8.
rsr_status rsr_jpeg_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                                int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]);

rsr_status rsr_writer_write_rows(rsr_writer *writer, const void *rows, uint32_t count);
/// Writes the end of the stream; for a file also flushes, fsyncs and closes it.
rsr_status rsr_writer_finish(rsr_writer *writer);
/// The encoded bytes of a memory writer after finish (owned by the writer).
const uint8_t *rsr_writer_buffer(const rsr_writer *writer, size_t *size);
const char *rsr_writer_message(const rsr_writer *writer);
/// Releases everything; closes the file if finish was not reached.
void rsr_writer_destroy(rsr_writer *writer);

#include "rsr_webp.h"
#include "rsr_tiff.h"
#include "rsr_avif.h"

#endif
