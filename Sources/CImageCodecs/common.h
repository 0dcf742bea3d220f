// Internal helpers shared by png.c and jpeg.c.
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
#endif
