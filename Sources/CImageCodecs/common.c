#include "common.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void rsr_decoded_free(rsr_decoded *decoded) {
    if (!decoded) return;
    free(decoded->icc);
    free(decoded->markers);
    decoded->icc = NULL;
    decoded->markers = NULL;
    decoded->pixels_size = decoded->icc_size = decoded->markers_size = 0;
}

rsr_status rsr_check_size(uint64_t width, uint64_t height, uint64_t bytes_per_pixel, uint64_t max_pixels,
                          char message[RSR_MESSAGE_CAPACITY]) {
    if (width == 0 || height == 0) {
        RSR_MESSAGE(message, "image has zero width or height");
        return RSR_STATUS_CORRUPT;
    }
    uint64_t pixels = width * height; // both < 2^32, cannot overflow
    if (pixels > max_pixels) {
        RSR_MESSAGE(message, "image is %llux%llu (%.1f Mpx), over the limit of %.1f Mpx",
                    (unsigned long long)width, (unsigned long long)height, pixels / 1e6, max_pixels / 1e6);
        return RSR_STATUS_TOO_LARGE;
    }
    if (bytes_per_pixel == 0 || pixels > (uint64_t)SIZE_MAX / bytes_per_pixel / 2) {
        RSR_MESSAGE(message, "image is %llux%llu, too large to hold in memory",
                    (unsigned long long)width, (unsigned long long)height);
        return RSR_STATUS_TOO_LARGE;
    }
    return RSR_STATUS_OK;
}

FILE *rsr_open_output(int fd, char message[RSR_MESSAGE_CAPACITY]) {
    FILE *file = fdopen(fd, "wb");
    if (!file) {
        RSR_MESSAGE(message, "cannot open output: %s", strerror(errno));
        close(fd);
    }
    return file;
}

rsr_status rsr_close_output(FILE *file, char message[RSR_MESSAGE_CAPACITY]) {
    int failed = fflush(file) != 0 || ferror(file) || fsync(fileno(file)) != 0;
    int saved = errno;
    if (fclose(file) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        RSR_MESSAGE(message, "cannot write output: %s", strerror(saved));
        return RSR_STATUS_IO;
    }
    return RSR_STATUS_OK;
}

int rsr_is_little_endian(void) {
    const uint16_t probe = 1;
    return *(const uint8_t *)&probe == 1;
}
