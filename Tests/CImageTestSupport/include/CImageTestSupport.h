#ifndef CIMAGETESTSUPPORT_H
#define CIMAGETESTSUPPORT_H
// Encoders that only tests and the fuzz seed generator use: they write files the product never
// writes (every PNG colour type and bit depth, CMYK JPEGs, JPEGs of many scans). Not part of the
// shipped library. Results are malloc'd; release them with rsr_test_free.
#include "CImageCodecs.h"

/// Any PNG variant in one go: color_type is a PNG colour type (0 gray, 2 RGB, 3 palette, 4 gray+alpha,
/// 6 RGBA), bit_depth 1/2/4/8/16, samples packed as libpng expects (one byte per sample below 8 bits,
/// unpacked here; 16-bit in host order). palette: RGB triples; trns: palette alphas, or for gray/RGB
/// the 16-bit transparent colour in trns_color.
rsr_status rsr_png_encode_raw(uint32_t width, uint32_t height, int color_type, int bit_depth,
                              int interlaced, const void *samples,
                              const uint8_t *palette, int palette_entries,
                              const uint8_t *trns, int trns_count, const uint16_t trns_color[3],
                              uint8_t **out, size_t *out_size, char message[RSR_MESSAGE_CAPACITY]);

/// A CMYK JPEG (4 samples per pixel, as stored). adobe_marker: 0 plain CMYK, 1 with the APP14 marker
/// that Photoshop writes along with inverted values, 2 Adobe YCCK.
rsr_status rsr_jpeg_encode_cmyk(uint32_t width, uint32_t height, const uint8_t *samples, int quality,
                                int adobe_marker, uint8_t **out, size_t *out_size,
                                char message[RSR_MESSAGE_CAPACITY]);

/// A progressive JPEG: one DC scan, then one scan per band of `ac_band_width` AC coefficients per
/// component (1 + channels * ceil(63 / width) scans). channels: 1 or 3.
rsr_status rsr_jpeg_encode_scans(uint32_t width, uint32_t height, int channels, const uint8_t *samples,
                                 int ac_band_width, uint8_t **out, size_t *out_size);

void rsr_test_free(void *pointer);
#endif
