// libtiff client I/O over memory or a file descriptor, and the message handlers (tiff_io.c).
#ifndef RSR_TIFF_IO_H
#define RSR_TIFF_IO_H
#include "common.h"
#include <tiffio.h>

typedef struct {
    const uint8_t *data;     // read-only input; NULL when writing
    uint8_t *buffer;         // memory output (grown on write)
    size_t size;             // bytes in data / buffer
    size_t capacity;
    uint64_t offset;
    int fd;                  // >= 0: write to this descriptor instead of memory
    char *message;           // the shim's message buffer
    int errors;              // libtiff errors seen (the first one's text is kept)
} rsr_tiff_io;

/// Opens data for reading (mode "r") or io's memory/fd for writing ("w" or "w8" for BigTIFF).
/// max_alloc bounds every single allocation libtiff makes. NULL on failure, with the reason in message.
TIFF *rsr_tiff_open(rsr_tiff_io *io, const char *mode, uint64_t max_alloc);
#endif
