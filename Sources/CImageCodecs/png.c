// PNG decode and row-by-row encode over libpng 1.6.
//
// libpng reports errors by calling our error function, which records the message and longjmps back to
// the setjmp of the exported function (or writer hook) that is running: the decode's header, layout and
// rows steps are static functions called inside that one frame, so a longjmp never unwinds through a
// Swift frame.
#include "writer.h"
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_png_error(png_structp png, png_const_charp message) {
    char *buffer = png_get_error_ptr(png);
    if (buffer) RSR_MESSAGE(buffer, "%s", message);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message; // warnings (bad ancillary chunks, dropped ICC profiles) are not fatal
}

// MARK: - Decode

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
    volatile int timed_out; // read after the longjmp: must not live in a register
} memory_reader;

static void read_memory(png_structp png, png_bytep destination, size_t length) {
    memory_reader *reader = png_get_io_ptr(png);
    if (length > reader->size - reader->offset) png_error(png, "file is truncated");
    memcpy(destination, reader->data + reader->offset, length);
    reader->offset += length;
}

// After every row (of every Adam7 pass): the caller's time limit (rsr_set_decode_time_limit) bounds a
// PNG decode as the progress monitor bounds a JPEG one.
static void on_png_row(png_structp png, png_uint_32 row, int pass) {
    (void)row;
    (void)pass;
    if (!rsr_decode_time_exceeded()) return;
    ((memory_reader *)png_get_io_ptr(png))->timed_out = 1;
    png_error(png, "decoding took longer than the time allowed");
}

static rsr_color_space png_color_space(int color_type) {
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY:
    case PNG_COLOR_TYPE_GRAY_ALPHA: return RSR_COLOR_GRAY;
    case PNG_COLOR_TYPE_RGB:
    case PNG_COLOR_TYPE_RGB_ALPHA: return RSR_COLOR_RGB;
    case PNG_COLOR_TYPE_PALETTE: return RSR_COLOR_PALETTE;
    default: return RSR_COLOR_UNKNOWN;
    }
}

/// The header step: IHDR, the size check (before libpng allocates row buffers), and the colour
/// chunks (the ICC profile only when asked for: the pixel call does not need it again).
static rsr_status read_png_header(png_structp png, png_infop info, uint64_t max_pixels, int want_icc,
                                  rsr_decoded *out) {
    png_read_info(png, info);
    png_uint_32 width = 0, height = 0;
    int depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &depth, &color_type, &interlace, NULL, NULL);
    out->width = width;
    out->height = height;
    out->source_bit_depth = depth;
    out->source_color = png_color_space(color_type);
    out->source_alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0;
    out->interlaced = interlace != PNG_INTERLACE_NONE;
    // Worst case after expansion: 4 channels x 2 bytes.
    rsr_status status = rsr_check_size(width, height, 8, max_pixels, out->message);
    if (status != RSR_STATUS_OK) return status;

    png_charp icc_name = NULL;
    int icc_compression = 0;
    png_bytep icc = NULL;
    png_uint_32 icc_size = 0;
    if (want_icc && png_get_iCCP(png, info, &icc_name, &icc_compression, &icc, &icc_size) && icc && icc_size > 0) {
        out->icc = malloc(icc_size);
        if (!out->icc) {
            RSR_MESSAGE(out->message, "out of memory");
            return RSR_STATUS_NO_MEMORY;
        }
        memcpy(out->icc, icc, icc_size);
        out->icc_size = icc_size;
    }
    png_fixed_point gamma = 0;
    if (png_get_valid(png, info, PNG_INFO_gAMA) && png_get_gAMA_fixed(png, info, &gamma)) {
        out->has_gamma = 1;
        out->gamma = (uint32_t)gamma;
    }
    int intent = 0;
    if (png_get_sRGB(png, info, &intent)) out->srgb_intent = intent;
    return RSR_STATUS_OK;
}

/// The layout step: palette, low bit depths and tRNS expanded to 8-bit gray/gray+alpha/RGB/RGBA,
/// 16-bit kept in host byte order, Adam7 passes merged.
static rsr_status set_png_layout(png_structp png, png_infop info, rsr_decoded *out) {
    int color_type = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16 && rsr_is_little_endian()) png_set_swap(png); // PNG stores 16-bit big-endian
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    out->channels = png_get_channels(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)out->width * out->channels * (out->bit_depth / 8)) {
        RSR_MESSAGE(out->message, "unexpected row layout");
        return RSR_STATUS_UNSUPPORTED;
    }
    out->pixels_size = row_bytes * out->height;
    return RSR_STATUS_OK;
}

/// The rows step: every row straight into pixels (rows: one pointer per row, filled here), then the
/// end of the file, so a file cut after the last IDAT is still reported.
static void read_png_rows(png_structp png, png_bytep *rows, void *pixels, const rsr_decoded *out) {
    size_t row_bytes = out->pixels_size / out->height;
    for (png_uint_32 y = 0; y < out->height; y++) rows[y] = (png_bytep)pixels + (size_t)y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
}

rsr_status rsr_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                          size_t pixels_capacity, rsr_decoded *out) {
    memset(out, 0, sizeof *out);
    out->srgb_intent = -1;
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        RSR_MESSAGE(out->message, "not a PNG file");
        return RSR_STATUS_CORRUPT;
    }
    // IHDR must come first (PNG spec 5.6). png_read_info reads on to the first IDAT, so without this a
    // huge header on a short file is reported as truncated rather than as over the pixel limit.
    if (size >= 24 && memcmp(data + 12, "IHDR", 4) == 0) {
        uint32_t width = (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 | (uint32_t)data[18] << 8 | data[19];
        uint32_t height = (uint32_t)data[20] << 24 | (uint32_t)data[21] << 16 | (uint32_t)data[22] << 8 | data[23];
        rsr_status status = width && height ? rsr_check_size(width, height, 8, max_pixels, out->message) : RSR_STATUS_OK;
        if (status != RSR_STATUS_OK) return status;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, out->message, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    memory_reader reader = {data, size, 0, 0};
    png_bytep *volatile rows = NULL;
    volatile rsr_status status = RSR_STATUS_OK;
    if (!info) {
        RSR_MESSAGE(out->message, "out of memory");
        status = RSR_STATUS_NO_MEMORY;
    } else if (setjmp(png_jmpbuf(png))) {
        // A libpng error in any of the steps below lands here.
        status = reader.timed_out ? RSR_STATUS_TOO_LARGE : RSR_STATUS_CORRUPT;
    } else {
        png_set_read_fn(png, &reader, read_memory);
        png_set_read_status_fn(png, on_png_row);
        status = read_png_header(png, info, max_pixels, !pixels, out);
        if (status == RSR_STATUS_OK) status = set_png_layout(png, info, out);
        if (status == RSR_STATUS_OK && pixels) {
            if (pixels_capacity < out->pixels_size) {
                RSR_MESSAGE(out->message, "pixel buffer too small");
                status = RSR_STATUS_INVALID_ARGUMENT;
            } else if (!(rows = malloc(sizeof(png_bytep) * out->height))) {
                RSR_MESSAGE(out->message, "out of memory for %ux%u pixels", out->width, out->height);
                status = RSR_STATUS_NO_MEMORY;
            } else {
                read_png_rows(png, rows, pixels, out);
            }
        }
    }
    free(rows);
    if (png) png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    if (status != RSR_STATUS_OK) rsr_decoded_free(out); // keeps the message
    return status;
}

// MARK: - Row writer

typedef struct {
    png_structp png;
    png_infop info;
} png_state;

static void write_output(png_structp png, png_bytep bytes, size_t length) {
    const char *failure = rsr_writer_emit(png_get_io_ptr(png), bytes, length);
    if (failure) png_error(png, failure);
}

static void flush_output(png_structp png) {
    rsr_writer *writer = png_get_io_ptr(png);
    if (writer->file) fflush(writer->file);
}

static rsr_status write_png_rows(rsr_writer *writer, const uint8_t *rows, uint32_t count) {
    png_state *state = writer->state;
    if (setjmp(png_jmpbuf(state->png))) return RSR_STATUS_IO;
    for (uint32_t y = 0; y < count; y++) png_write_row(state->png, (png_const_bytep)(rows + (size_t)y * writer->row_bytes));
    return RSR_STATUS_OK;
}

static rsr_status finish_png(rsr_writer *writer) {
    png_state *state = writer->state;
    if (setjmp(png_jmpbuf(state->png))) return RSR_STATUS_IO;
    png_write_end(state->png, NULL);
    return RSR_STATUS_OK;
}

static void destroy_png(rsr_writer *writer) {
    png_state *state = writer->state;
    if (state->png) png_destroy_write_struct(&state->png, state->info ? &state->info : NULL);
}

static const rsr_writer_codec png_codec = {write_png_rows, finish_png, destroy_png};

static int png_color_type_for(int channels) {
    switch (channels) {
    case 1: return PNG_COLOR_TYPE_GRAY;
    case 2: return PNG_COLOR_TYPE_GRAY_ALPHA;
    case 3: return PNG_COLOR_TYPE_RGB;
    case 4: return PNG_COLOR_TYPE_RGB_ALPHA;
    default: return -1;
    }
}

rsr_status rsr_png_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                               int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    int color_type = png_color_type_for(channels);
    if (color_type < 0 || (bit_depth != 8 && bit_depth != 16) || width == 0 || height == 0 ||
        width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX) {
        RSR_MESSAGE(message, "cannot write a %ux%u PNG with %d channels at %d bits", width, height, channels, bit_depth);
        if (fd >= 0) close(fd);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    rsr_writer *writer = NULL;
    rsr_status status = rsr_writer_create(&writer, fd, &png_codec, sizeof(png_state), height,
                                          (size_t)width * channels * (bit_depth / 8), message);
    if (status != RSR_STATUS_OK) return status;
    png_state *state = writer->state;
    state->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, writer->message, on_png_error, on_png_warning);
    state->info = state->png ? png_create_info_struct(state->png) : NULL;
    if (!state->info) {
        RSR_MESSAGE(writer->message, "out of memory");
        return rsr_writer_abandon(writer, RSR_STATUS_NO_MEMORY, message);
    }
    if (setjmp(png_jmpbuf(state->png))) return rsr_writer_abandon(writer, RSR_STATUS_IO, message);
    png_set_write_fn(state->png, writer, write_output, flush_output);
    // A profile libpng finds inconsistent is dropped with a warning rather than failing the write.
    png_set_benign_errors(state->png, 1);
    png_set_IHDR(state->png, state->info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (options) {
        if (options->compression_level >= 0 && options->compression_level <= 9)
            png_set_compression_level(state->png, options->compression_level);
        if (options->icc && options->icc_size > 0 && options->icc_size <= PNG_UINT_31_MAX)
            png_set_iCCP(state->png, state->info, "ICC profile", PNG_COMPRESSION_TYPE_BASE,
                         options->icc, (png_uint_32)options->icc_size);
        if (options->srgb_intent >= 0 && options->srgb_intent <= 3)
            png_set_sRGB(state->png, state->info, options->srgb_intent);
        if (options->has_gamma && options->gamma > 0)
            png_set_gAMA_fixed(state->png, state->info, (png_fixed_point)options->gamma);
    }
    png_write_info(state->png, state->info);
    if (bit_depth == 16 && rsr_is_little_endian()) png_set_swap(state->png);
    *out = writer;
    return RSR_STATUS_OK;
}
