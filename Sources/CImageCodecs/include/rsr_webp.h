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

/// The writer of CImageCodecs.h for WebP: channels 1-4 at 8 bits (gray is expanded to RGB); quality,
/// lossless, effort, icc and exif of rsr_write_options. libwebp has no row API: rows are collected in
/// one buffer and encoded in rsr_writer_finish (docs/formats.md gives the memory cost).
rsr_status rsr_webp_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                                int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]);

#endif
