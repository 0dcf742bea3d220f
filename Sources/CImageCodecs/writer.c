// The writer core shared by every encoder (see writer.h).
#include "writer.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

rsr_status rsr_writer_create(rsr_writer **out, int fd, const rsr_writer_codec *codec, size_t state_size,
                             uint32_t height, size_t row_bytes, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    rsr_writer *writer = calloc(1, sizeof *writer);
    void *state = calloc(1, state_size ? state_size : 1);
    if (!writer || !state) {
        free(writer);
        free(state);
        RSR_MESSAGE(message, "out of memory");
        if (fd >= 0) close(fd);
        return RSR_STATUS_NO_MEMORY;
    }
    if (fd >= 0) {
        writer->file = rsr_open_output(fd, message);
        if (!writer->file) {
            free(writer);
            free(state);
            return RSR_STATUS_IO;
        }
    }
    writer->codec = codec;
    writer->state = state;
    writer->height = height;
    writer->row_bytes = row_bytes;
    *out = writer;
    return RSR_STATUS_OK;
}

const char *rsr_writer_emit(rsr_writer *writer, const void *bytes, size_t length) {
    if (writer->file) return fwrite(bytes, 1, length, writer->file) == length ? NULL : strerror(errno); // e.g. "No space left on device"
    if (length > writer->capacity - writer->size) {
        size_t capacity = writer->capacity ? writer->capacity : 65536;
        while (length > capacity - writer->size) {
            if (capacity > SIZE_MAX / 2) return "output too large";
            capacity *= 2;
        }
        uint8_t *grown = realloc(writer->buffer, capacity);
        if (!grown) return "out of memory";
        writer->buffer = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->buffer + writer->size, bytes, length);
    writer->size += length;
    return NULL;
}

rsr_status rsr_writer_abandon(rsr_writer *writer, rsr_status status, char message[RSR_MESSAGE_CAPACITY]) {
    RSR_MESSAGE(message, "%s", writer->message);
    rsr_writer_destroy(writer);
    return status;
}

static rsr_status check_usable(rsr_writer *writer) {
    if (writer->failed || writer->finished) {
        RSR_MESSAGE(writer->message, "writer is no longer usable");
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    return RSR_STATUS_OK;
}

rsr_status rsr_writer_write_rows(rsr_writer *writer, const void *rows, uint32_t count) {
    rsr_status status = check_usable(writer);
    if (status != RSR_STATUS_OK) return status;
    if (count > writer->height - writer->rows_written) {
        RSR_MESSAGE(writer->message, "%u rows given but only %u of %u remain", count,
                    writer->height - writer->rows_written, writer->height);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    status = writer->codec->write_rows(writer, rows, count);
    if (status != RSR_STATUS_OK) {
        writer->failed = 1;
        return status;
    }
    writer->rows_written += count;
    return RSR_STATUS_OK;
}

rsr_status rsr_writer_finish(rsr_writer *writer) {
    rsr_status status = check_usable(writer);
    if (status != RSR_STATUS_OK) return status;
    if (writer->rows_written != writer->height) {
        RSR_MESSAGE(writer->message, "only %u of %u rows were written", writer->rows_written, writer->height);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    status = writer->codec->finish(writer);
    if (status == RSR_STATUS_OK && writer->file) {
        FILE *file = writer->file;
        writer->file = NULL;
        status = rsr_close_output(file, writer->message);
    }
    if (status != RSR_STATUS_OK) {
        writer->failed = 1;
        return status;
    }
    writer->finished = 1;
    return RSR_STATUS_OK;
}

const uint8_t *rsr_writer_buffer(const rsr_writer *writer, size_t *size) {
    *size = writer->size;
    return writer->buffer;
}

const char *rsr_writer_message(const rsr_writer *writer) { return writer->message; }

void rsr_writer_destroy(rsr_writer *writer) {
    if (!writer) return;
    if (writer->codec && writer->state) writer->codec->destroy(writer);
    free(writer->state);
    if (writer->file) fclose(writer->file);
    free(writer->buffer);
    free(writer);
}

// MARK: whole-image writers

rsr_status rsr_held_writer_create(rsr_writer **out, int fd, const rsr_writer_codec *codec, size_t state_size,
                                  uint32_t width, uint32_t height, int channels, int bytes_per_sample,
                                  const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]) {
    rsr_writer *writer = NULL;
    rsr_status status = rsr_writer_create(&writer, fd, codec, state_size, height,
                                          (size_t)width * channels * bytes_per_sample, message);
    if (status != RSR_STATUS_OK) return status;
    rsr_held_image *held = writer->state;
    status = rsr_frame_init(&held->frame, width, height, channels, channels % 2 == 0 ? 4 : 3, bytes_per_sample,
                            writer->message);
    if (status == RSR_STATUS_OK) status = rsr_metadata_copy(&held->metadata, options, writer->message);
    if (status != RSR_STATUS_OK) return rsr_writer_abandon(writer, status, message);
    *out = writer;
    return RSR_STATUS_OK;
}

rsr_status rsr_held_write_rows(rsr_writer *writer, const uint8_t *rows, uint32_t count) {
    rsr_held_image *held = writer->state;
    return rsr_frame_append(&held->frame, rows, count, writer->message);
}

void rsr_held_destroy(rsr_writer *writer) {
    rsr_held_image *held = writer->state;
    rsr_frame_release(&held->frame);
    rsr_metadata_release(&held->metadata);
}
