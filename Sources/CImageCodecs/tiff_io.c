// libtiff client procedures: memory input, memory or descriptor output; messages into our buffer.
//
// libtiff has no longjmp: failures are return values, and the text goes to the handlers set in
// TIFFOpenOptions (libtiff 4.5), which write into the shim's message buffer. The process-wide
// handlers are switched off once as well, so that nothing a code path without a TIFF handle
// reports reaches stderr.
#include "tiff_io.h"
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void record_error(rsr_tiff_io *io, const char *module, const char *format, va_list arguments) {
    if (io->errors++ > 0) return; // the first error is the cause; later ones are consequences
    char text[RSR_MESSAGE_CAPACITY];
    vsnprintf(text, sizeof text, format, arguments);
    if (module && *module) RSR_MESSAGE(io->message, "%s: %s", module, text);
    else RSR_MESSAGE(io->message, "%s", text);
}

static int on_tiff_error(TIFF *tif, void *user, const char *module, const char *format, va_list arguments) {
    (void)tif;
    record_error(user, module, format, arguments);
    return 1; // handled: the process-wide handler is not called
}

// Unknown tags and odd but readable fields are only warnings, never printed. But libtiff also merely
// warns when a tag's data lies past the end of the file ("IO error during reading of ...; tag
// ignored"): that is a truncated file, and dropping, say, its ICC profile silently would be wrong.
static int on_tiff_warning(TIFF *tif, void *user, const char *module, const char *format, va_list arguments) {
    (void)tif;
    va_list copy;
    va_copy(copy, arguments);
    char text[RSR_MESSAGE_CAPACITY];
    vsnprintf(text, sizeof text, format, copy);
    va_end(copy);
    if (strstr(text, "IO error")) record_error(user, module, format, arguments);
    return 1;
}

static pthread_once_t silence_once = PTHREAD_ONCE_INIT;

static void silence_global_handlers(void) {
    TIFFSetErrorHandler(NULL);
    TIFFSetWarningHandler(NULL);
    TIFFSetErrorHandlerExt(NULL);
    TIFFSetWarningHandlerExt(NULL);
}

static tmsize_t io_read(thandle_t handle, void *target, tmsize_t count) {
    rsr_tiff_io *io = handle;
    if (count < 0) return -1;
    if (io->fd >= 0) {
        ssize_t got = pread(io->fd, target, (size_t)count, (off_t)io->offset);
        if (got > 0) io->offset += (uint64_t)got;
        return got;
    }
    const uint8_t *source = io->data ? io->data : io->buffer;
    if (io->offset >= io->size) return 0;
    size_t available = io->size - (size_t)io->offset;
    size_t length = (size_t)count < available ? (size_t)count : available;
    memcpy(target, source + io->offset, length);
    io->offset += length;
    return (tmsize_t)length;
}

static tmsize_t io_write(thandle_t handle, void *source, tmsize_t count) {
    rsr_tiff_io *io = handle;
    if (count < 0 || io->data) return -1;
    if (io->fd >= 0) {
        size_t done = 0;
        while (done < (size_t)count) {
            ssize_t wrote = pwrite(io->fd, (const uint8_t *)source + done, (size_t)count - done,
                                   (off_t)(io->offset + done));
            if (wrote < 0 && errno == EINTR) continue;
            if (wrote <= 0) return -1;
            done += (size_t)wrote;
        }
        io->offset += done;
        return count;
    }
    if (io->offset > SIZE_MAX - (size_t)count) return -1;
    size_t end = (size_t)io->offset + (size_t)count;
    if (end > io->capacity) {
        size_t capacity = io->capacity ? io->capacity : 65536;
        while (capacity < end) {
            if (capacity > SIZE_MAX / 2) return -1;
            capacity *= 2;
        }
        uint8_t *grown = realloc(io->buffer, capacity);
        if (!grown) return -1;
        io->buffer = grown;
        io->capacity = capacity;
    }
    if (io->offset > io->size) memset(io->buffer + io->size, 0, (size_t)io->offset - io->size);
    memcpy(io->buffer + io->offset, source, (size_t)count);
    io->offset = end;
    if (end > io->size) io->size = end;
    return count;
}

static uint64_t io_size(thandle_t handle) {
    rsr_tiff_io *io = handle;
    if (io->fd >= 0) {
        struct stat status;
        return fstat(io->fd, &status) == 0 ? (uint64_t)status.st_size : 0;
    }
    return io->size;
}

static toff_t io_seek(thandle_t handle, toff_t offset, int whence) {
    rsr_tiff_io *io = handle;
    uint64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? io->offset : io_size(handle);
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) return (toff_t)-1;
    if (offset > UINT64_MAX - base || (io->data && base + offset > SIZE_MAX)) return (toff_t)-1;
    io->offset = base + offset;
    return io->offset;
}

static int io_close(thandle_t handle) {
    (void)handle; // the descriptor is the writer's to fsync and close
    return 0;
}

static int io_map(thandle_t handle, void **base, toff_t *size) {
    rsr_tiff_io *io = handle;
    if (!io->data) return 0;
    *base = (void *)io->data; // read-only input: libtiff then reads uncompressed strips in place
    *size = io->size;
    return 1;
}

static void io_unmap(thandle_t handle, void *base, toff_t size) { (void)handle, (void)base, (void)size; }

TIFF *rsr_tiff_open(rsr_tiff_io *io, const char *mode, uint64_t max_alloc) {
    pthread_once(&silence_once, silence_global_handlers);
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (!options) {
        RSR_MESSAGE(io->message, "out of memory");
        return NULL;
    }
    TIFFOpenOptionsSetErrorHandlerExtR(options, on_tiff_error, io);
    TIFFOpenOptionsSetWarningHandlerExtR(options, on_tiff_warning, io);
    TIFFOpenOptionsSetMaxSingleMemAlloc(options, (tmsize_t)(max_alloc > (uint64_t)INT64_MAX ? INT64_MAX : max_alloc));
    TIFF *tif = TIFFClientOpenExt(io->data ? "input" : "output", mode, io, io_read, io_write, io_seek, io_close,
                                  io_size, io_map, io_unmap, options);
    TIFFOpenOptionsFree(options);
    if (!tif && io->errors == 0) RSR_MESSAGE(io->message, "cannot open the TIFF stream");
    return tif;
}
