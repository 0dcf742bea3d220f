#include "common.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void rsr_decoded_free(rsr_decoded *decoded) {
    if (!decoded) return;
    free(decoded->icc);
    free(decoded->markers);
    free(decoded->exif);
    decoded->icc = NULL;
    decoded->markers = NULL;
    decoded->exif = NULL;
    decoded->pixels_size = decoded->icc_size = decoded->markers_size = decoded->exif_size = 0;
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

rsr_status rsr_decode_failed(rsr_decoded *out, rsr_status status) {
    char message[RSR_MESSAGE_CAPACITY];
    memcpy(message, out->message, sizeof message);
    rsr_decoded_free(out);
    memcpy(out->message, message, sizeof message);
    return status;
}

rsr_status rsr_copy_bytes(uint8_t **target, size_t *target_size, const uint8_t *bytes, size_t size,
                          char message[RSR_MESSAGE_CAPACITY]) {
    *target = NULL;
    *target_size = 0;
    if (!bytes || size == 0) return RSR_STATUS_OK;
    *target = malloc(size);
    if (!*target) {
        RSR_MESSAGE(message, "out of memory");
        return RSR_STATUS_NO_MEMORY;
    }
    memcpy(*target, bytes, size);
    *target_size = size;
    return RSR_STATUS_OK;
}

rsr_status rsr_metadata_copy(rsr_metadata *metadata, const rsr_write_options *options,
                             char message[RSR_MESSAGE_CAPACITY]) {
    rsr_status status = rsr_copy_bytes(&metadata->icc, &metadata->icc_size, options->icc, options->icc_size, message);
    if (status == RSR_STATUS_OK)
        status = rsr_copy_bytes(&metadata->exif, &metadata->exif_size, options->exif, options->exif_size, message);
    return status;
}

void rsr_metadata_release(rsr_metadata *metadata) {
    free(metadata->icc);
    free(metadata->exif);
    *metadata = (rsr_metadata){0};
}

size_t rsr_frame_row_bytes(const rsr_frame *frame) {
    return (size_t)frame->width * frame->stored_channels * frame->bytes_per_sample;
}

rsr_status rsr_frame_init(rsr_frame *frame, uint32_t width, uint32_t height, int channels,
                          int stored_channels, int bytes_per_sample, char message[RSR_MESSAGE_CAPACITY]) {
    memset(frame, 0, sizeof *frame);
    rsr_status status = rsr_check_size(width, height, (uint64_t)stored_channels * bytes_per_sample, UINT64_MAX, message);
    if (status != RSR_STATUS_OK) return status;
    frame->width = width;
    frame->height = height;
    frame->channels = channels;
    frame->stored_channels = stored_channels;
    frame->bytes_per_sample = bytes_per_sample;
    frame->pixels = malloc(rsr_frame_row_bytes(frame) * height);
    if (!frame->pixels) {
        RSR_MESSAGE(message, "out of memory for %ux%u pixels", width, height);
        return RSR_STATUS_NO_MEMORY;
    }
    return RSR_STATUS_OK;
}

rsr_status rsr_frame_append(rsr_frame *frame, const void *rows, uint32_t count, char message[RSR_MESSAGE_CAPACITY]) {
    if (!frame->pixels || count > frame->height - frame->rows_written) {
        RSR_MESSAGE(message, "%u rows given but only %u of %u remain", count,
                    frame->pixels ? frame->height - frame->rows_written : 0, frame->height);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    size_t target_row = rsr_frame_row_bytes(frame);
    uint8_t *target = frame->pixels + (size_t)frame->rows_written * target_row;
    if (frame->channels == frame->stored_channels) {
        memcpy(target, rows, target_row * count);
    } else {
        // Gray (+alpha) to RGB(A): the gray sample three times, then alpha.
        const uint8_t *source = rows;
        size_t sample = frame->bytes_per_sample;
        size_t pixels = (size_t)frame->width * count;
        for (size_t i = 0; i < pixels; i++) {
            const uint8_t *from = source + i * frame->channels * sample;
            uint8_t *to = target + i * frame->stored_channels * sample;
            for (int c = 0; c < 3; c++) memcpy(to + c * sample, from, sample);
            if (frame->stored_channels == 4) memcpy(to + 3 * sample, from + sample, sample);
        }
    }
    frame->rows_written += count;
    return RSR_STATUS_OK;
}

void rsr_frame_release(rsr_frame *frame) {
    free(frame->pixels);
    frame->pixels = NULL;
}
