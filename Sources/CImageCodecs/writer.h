// The writer core every format's encoder sits on (png.c, jpeg.c, ...): the state machine (rows written,
// failed, finished), the output (a file taken over from a descriptor, or a growing memory buffer), the
// message buffer and the close. A format supplies an rsr_writer_codec: three hooks that each make their
// own setjmp frame around their library calls.
#ifndef RSR_CODECS_WRITER_H
#define RSR_CODECS_WRITER_H
#include "common.h"

typedef struct {
    // Called by the core once it has checked the state and the row count: `count` whole rows.
    rsr_status (*write_rows)(rsr_writer *writer, const uint8_t *rows, uint32_t count);
    // Called after the last row: writes the end of the stream (the core then closes the file).
    rsr_status (*finish)(rsr_writer *writer);
    // Releases the codec state (not the writer itself); must cope with a half-opened state.
    void (*destroy)(rsr_writer *writer);
} rsr_writer_codec;

struct rsr_writer {
    const rsr_writer_codec *codec;
    void *state;       // the codec's, calloc'd by rsr_writer_create
    FILE *file;        // NULL: the output goes to buffer
    uint8_t *buffer;
    size_t size;
    size_t capacity;
    uint32_t height;
    uint32_t rows_written;
    size_t row_bytes;
    int failed;
    int finished;
    char message[RSR_MESSAGE_CAPACITY];
};

/// A writer with zeroed codec state of `state_size` bytes; takes over fd (-1: memory) and closes it on
/// failure. On failure *out is NULL and the reason is in message.
rsr_status rsr_writer_create(rsr_writer **out, int fd, const rsr_writer_codec *codec, size_t state_size,
                             uint32_t height, size_t row_bytes, char message[RSR_MESSAGE_CAPACITY]);

/// Appends encoded bytes to the output. NULL on success, else what went wrong (for the codec's error
/// call, which then longjmps to its frame).
const char *rsr_writer_emit(rsr_writer *writer, const void *bytes, size_t length);

/// For a failed open: copies the writer's message out, releases everything, returns status.
rsr_status rsr_writer_abandon(rsr_writer *writer, rsr_status status, char message[RSR_MESSAGE_CAPACITY]);

// MARK: whole-image writers

/// The start of the state of every encoder without a row API (WebP, AVIF): the frame collected row by
/// row and the metadata embedded when the file is finished. The codec's own fields follow it.
typedef struct {
    rsr_frame frame;
    rsr_metadata metadata;
} rsr_held_image;

/// rsr_writer_create for a whole-image writer: `state_size` bytes beginning with an rsr_held_image, its
/// frame sized for rows of `channels` samples (stored as RGB or RGBA) and the options' ICC/EXIF copied.
rsr_status rsr_held_writer_create(rsr_writer **out, int fd, const rsr_writer_codec *codec, size_t state_size,
                                  uint32_t width, uint32_t height, int channels, int bytes_per_sample,
                                  const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]);
/// The write_rows and destroy hooks of a whole-image writer.
rsr_status rsr_held_write_rows(rsr_writer *writer, const uint8_t *rows, uint32_t count);
void rsr_held_destroy(rsr_writer *writer);
#endif
