// Internal helpers shared by the codec files.
#ifndef RSR_CODECS_COMMON_H
#define RSR_CODECS_COMMON_H
#include "CImageCodecs.h"
#include <stdio.h>

#define RSR_MESSAGE(buffer, ...) snprintf((buffer), RSR_MESSAGE_CAPACITY, __VA_ARGS__)

/// Checks width x height against max_pixels and the interleaved buffer size against size_t; writes
/// the reason into message. Runs before any pixel buffer exists (decompression-bomb guard).
rsr_status rsr_check_size(uint64_t width, uint64_t height, uint64_t bytes_per_pixel, uint64_t max_pixels,
                          char message[RSR_MESSAGE_CAPACITY]);

/// Opens fd for writing; closes it on failure.
FILE *rsr_open_output(int fd, char message[RSR_MESSAGE_CAPACITY]);

/// fflush + fsync + fclose, so a renamed file is on disk before it replaces the target.
rsr_status rsr_close_output(FILE *file, char message[RSR_MESSAGE_CAPACITY]);

int rsr_is_little_endian(void);

/// On a failed decode: frees what out holds but keeps its message; returns status.
rsr_status rsr_decode_failed(rsr_decoded *out, rsr_status status);

/// malloc'd copy of size bytes into *target (NULL for none); RSR_STATUS_NO_MEMORY on failure.
rsr_status rsr_copy_bytes(uint8_t **target, size_t *target_size, const uint8_t *bytes, size_t size,
                          char message[RSR_MESSAGE_CAPACITY]);

/// Owned copies of the ICC profile and EXIF a whole-image writer (WebP, AVIF) embeds when it finishes:
/// the caller's options need not outlive the open call.
typedef struct {
    uint8_t *icc;
    size_t icc_size;
    uint8_t *exif;
    size_t exif_size;
} rsr_metadata;

rsr_status rsr_metadata_copy(rsr_metadata *metadata, const rsr_write_options *options,
                             char message[RSR_MESSAGE_CAPACITY]);
void rsr_metadata_release(rsr_metadata *metadata);

/// A whole image collected row by row, for the encoders without a row API (WebP, AVIF). Rows of
/// `channels` 8- or 16-bit samples arrive and are stored at `stored_channels` (gray is expanded to
/// RGB and gray+alpha to RGBA when stored_channels is 3 or 4).
typedef struct {
    uint8_t *pixels;
    uint32_t width;
    uint32_t height;
    uint32_t rows_written;
    int channels;
    int stored_channels;
    int bytes_per_sample;
} rsr_frame;

rsr_status rsr_frame_init(rsr_frame *frame, uint32_t width, uint32_t height, int channels,
                          int stored_channels, int bytes_per_sample, char message[RSR_MESSAGE_CAPACITY]);
rsr_status rsr_frame_append(rsr_frame *frame, const void *rows, uint32_t count, char message[RSR_MESSAGE_CAPACITY]);
size_t rsr_frame_row_bytes(const rsr_frame *frame);
void rsr_frame_release(rsr_frame *frame);
#endif
