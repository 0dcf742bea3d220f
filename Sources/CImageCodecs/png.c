// PNG decode and row-by-row encode over libpng 1.6.
//
// libpng reports errors by calling our error function, which records the message and longjmps back to
// the setjmp at the top of the C function that made the libpng call. Every exported function that
// calls into libpng sets its own setjmp, so a longjmp never unwinds through a Swift frame.
#include "common.h"
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
} memory_reader;

static void read_memory(png_structp png, png_bytep destination, size_t length) {
    memory_reader *reader = png_get_io_ptr(png);
    if (length > reader->size - reader->offset) png_error(png, "file is truncated");
    memcpy(destination, reader->data + reader->offset, length);
    reader->offset += length;
}

static const char *color_type_name(int color_type) {
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return "gray";
    case PNG_COLOR_TYPE_GRAY_ALPHA: return "gray+alpha";
    case PNG_COLOR_TYPE_RGB: return "RGB";
    case PNG_COLOR_TYPE_RGB_ALPHA: return "RGBA";
    case PNG_COLOR_TYPE_PALETTE: return "palette";
    default: return "unknown";
    }
}

rsr_status rsr_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, int header_only,
                          rsr_decoded *out) {
    memset(out, 0, sizeof *out);
    out->srgb_intent = -1;
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        RSR_MESSAGE(out->message, "not a PNG file");
        return RSR_STATUS_CORRUPT;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, out->message, on_png_error, on_png_warning);
    if (!png) {
        RSR_MESSAGE(out->message, "out of memory");
        return RSR_STATUS_NO_MEMORY;
    }
    png_infop info = png_create_info_struct(png);
    memory_reader reader = {data, size, 0};
    png_bytep *volatile rows = NULL;
    rsr_status status = RSR_STATUS_OK;

    if (!info || setjmp(png_jmpbuf(png))) {
        status = info ? RSR_STATUS_CORRUPT : RSR_STATUS_NO_MEMORY;
        if (!info) RSR_MESSAGE(out->message, "out of memory");
        goto done;
    }
    png_set_read_fn(png, &reader, read_memory);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &depth, &color_type, &interlace, NULL, NULL);
    out->width = width;
    out->height = height;
    out->source_bit_depth = depth;
    out->source_channels = png_get_channels(png, info);
    snprintf(out->source_color, sizeof out->source_color, "%s", color_type_name(color_type));
    out->interlaced = interlace != PNG_INTERLACE_NONE;
    // Worst case after expansion: 4 channels x 2 bytes. Checked before libpng allocates row buffers.
    status = rsr_check_size(width, height, 8, max_pixels, out->message);
    if (status != RSR_STATUS_OK) goto done;

    png_charp icc_name = NULL;
    int icc_compression = 0;
    png_bytep icc = NULL;
    png_uint_32 icc_size = 0;
    if (png_get_iCCP(png, info, &icc_name, &icc_compression, &icc, &icc_size) && icc && icc_size > 0) {
        out->icc = malloc(icc_size);
        if (!out->icc) {
            RSR_MESSAGE(out->message, "out of memory");
            status = RSR_STATUS_NO_MEMORY;
            goto done;
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

    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) {
        png_set_tRNS_to_alpha(png);
        out->has_transparency = 1;
    }
    if (depth == 16 && rsr_is_little_endian()) png_set_swap(png); // PNG stores 16-bit big-endian
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    out->channels = png_get_channels(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    if (header_only) goto done;

    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)width * out->channels * (out->bit_depth / 8)) {
        RSR_MESSAGE(out->message, "unexpected row layout");
        status = RSR_STATUS_UNSUPPORTED;
        goto done;
    }
    out->pixels_size = row_bytes * height;
    out->pixels = malloc(out->pixels_size);
    rows = malloc(sizeof(png_bytep) * height);
    if (!out->pixels || !rows) {
        RSR_MESSAGE(out->message, "out of memory for %ux%u pixels", width, height);
        status = RSR_STATUS_NO_MEMORY;
        goto done;
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = (png_bytep)out->pixels + (size_t)y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL); // reaches IEND, so a file cut after the last IDAT is still reported

done:
    free(rows);
    png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    if (status != RSR_STATUS_OK) {
        char message[RSR_MESSAGE_CAPACITY];
        memcpy(message, out->message, sizeof message);
        rsr_decoded_free(out);
        memcpy(out->message, message, sizeof message);
    }
    return status;
}

// MARK: - Row writer

struct rsr_png_writer {
    png_structp png;
    png_infop info;
    FILE *file;        // NULL: encode into buffer
    uint8_t *buffer;
    size_t size;
    size_t capacity;
    uint32_t width;
    uint32_t height;
    uint32_t rows_written;
    size_t row_bytes;
    int failed;
    int finished;
    char message[RSR_MESSAGE_CAPACITY];
};

static void write_output(png_structp png, png_bytep bytes, size_t length) {
    rsr_png_writer *writer = png_get_io_ptr(png);
    if (writer->file) {
        if (fwrite(bytes, 1, length, writer->file) != length) png_error(png, "cannot write output file");
        return;
    }
    if (length > writer->capacity - writer->size) {
        size_t capacity = writer->capacity ? writer->capacity : 65536;
        while (length > capacity - writer->size) {
            if (capacity > SIZE_MAX / 2) png_error(png, "output too large");
            capacity *= 2;
        }
        uint8_t *grown = realloc(writer->buffer, capacity);
        if (!grown) png_error(png, "out of memory");
        writer->buffer = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->buffer + writer->size, bytes, length);
    writer->size += length;
}

static void flush_output(png_structp png) {
    rsr_png_writer *writer = png_get_io_ptr(png);
    if (writer->file) fflush(writer->file);
}

static int png_color_type_for(int channels) {
    switch (channels) {
    case 1: return PNG_COLOR_TYPE_GRAY;
    case 2: return PNG_COLOR_TYPE_GRAY_ALPHA;
    case 3: return PNG_COLOR_TYPE_RGB;
    case 4: return PNG_COLOR_TYPE_RGB_ALPHA;
    default: return -1;
    }
}

rsr_status rsr_png_writer_open(rsr_png_writer **out, int fd, uint32_t width, uint32_t height,
                               int channels, int bit_depth, const rsr_png_options *options,
                               char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    int color_type = png_color_type_for(channels);
    if (color_type < 0 || (bit_depth != 8 && bit_depth != 16) || width == 0 || height == 0 ||
        width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX) {
        RSR_MESSAGE(message, "cannot write a %ux%u PNG with %d channels at %d bits", width, height, channels, bit_depth);
        if (fd >= 0) close(fd);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    rsr_png_writer *writer = calloc(1, sizeof *writer);
    if (!writer) {
        RSR_MESSAGE(message, "out of memory");
        if (fd >= 0) close(fd);
        return RSR_STATUS_NO_MEMORY;
    }
    if (fd >= 0) {
        writer->file = rsr_open_output(fd, message);
        if (!writer->file) {
            free(writer);
            return RSR_STATUS_IO;
        }
    }
    writer->width = width;
    writer->height = height;
    writer->row_bytes = (size_t)width * channels * (bit_depth / 8);
    writer->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, writer->message, on_png_error, on_png_warning);
    writer->info = writer->png ? png_create_info_struct(writer->png) : NULL;
    if (!writer->info) {
        RSR_MESSAGE(message, "out of memory");
        rsr_png_writer_destroy(writer);
        return RSR_STATUS_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(writer->png))) {
        RSR_MESSAGE(message, "%s", writer->message);
        rsr_png_writer_destroy(writer);
        return RSR_STATUS_IO;
    }
    png_set_write_fn(writer->png, writer, write_output, flush_output);
    // A profile libpng finds inconsistent is dropped with a warning rather than failing the write.
    png_set_benign_errors(writer->png, 1);
    png_set_IHDR(writer->png, writer->info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (options) {
        if (options->compression_level >= 0 && options->compression_level <= 9)
            png_set_compression_level(writer->png, options->compression_level);
        if (options->icc && options->icc_size > 0 && options->icc_size <= PNG_UINT_31_MAX)
            png_set_iCCP(writer->png, writer->info, "ICC profile", PNG_COMPRESSION_TYPE_BASE,
                         options->icc, (png_uint_32)options->icc_size);
        if (options->srgb_intent >= 0 && options->srgb_intent <= 3)
            png_set_sRGB(writer->png, writer->info, options->srgb_intent);
        if (options->has_gamma && options->gamma > 0)
            png_set_gAMA_fixed(writer->png, writer->info, (png_fixed_point)options->gamma);
    }
    png_write_info(writer->png, writer->info);
    if (bit_depth == 16 && rsr_is_little_endian()) png_set_swap(writer->png);
    *out = writer;
    return RSR_STATUS_OK;
}

rsr_status rsr_png_writer_write_rows(rsr_png_writer *writer, const void *rows, uint32_t count) {
    if (writer->failed || writer->finished) {
        RSR_MESSAGE(writer->message, "writer is no longer usable");
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    if (count > writer->height - writer->rows_written) {
        RSR_MESSAGE(writer->message, "%u rows given but only %u of %u remain", count,
                    writer->height - writer->rows_written, writer->height);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    if (setjmp(png_jmpbuf(writer->png))) {
        writer->failed = 1;
        return RSR_STATUS_IO;
    }
    const uint8_t *bytes = rows;
    for (uint32_t y = 0; y < count; y++) {
        png_write_row(writer->png, (png_const_bytep)(bytes + (size_t)y * writer->row_bytes));
        writer->rows_written++;
    }
    return RSR_STATUS_OK;
}

rsr_status rsr_png_writer_finish(rsr_png_writer *writer) {
    if (writer->failed || writer->finished) {
        RSR_MESSAGE(writer->message, "writer is no longer usable");
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    if (writer->rows_written != writer->height) {
        RSR_MESSAGE(writer->message, "only %u of %u rows were written", writer->rows_written, writer->height);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    if (setjmp(png_jmpbuf(writer->png))) {
        writer->failed = 1;
        return RSR_STATUS_IO;
    }
    png_write_end(writer->png, NULL);
    writer->finished = 1;
    if (writer->file) {
        FILE *file = writer->file;
        writer->file = NULL;
        rsr_status status = rsr_close_output(file, writer->message);
        if (status != RSR_STATUS_OK) {
            writer->failed = 1;
            return status;
        }
    }
    return RSR_STATUS_OK;
}

const uint8_t *rsr_png_writer_buffer(const rsr_png_writer *writer, size_t *size) {
    *size = writer->size;
    return writer->buffer;
}

const char *rsr_png_writer_message(const rsr_png_writer *writer) { return writer->message; }

void rsr_png_writer_destroy(rsr_png_writer *writer) {
    if (!writer) return;
    if (writer->png) png_destroy_write_struct(&writer->png, writer->info ? &writer->info : NULL);
    if (writer->file) fclose(writer->file);
    free(writer->buffer);
    free(writer);
}

// MARK: - Test support

rsr_status rsr_png_encode_raw(uint32_t width, uint32_t height, int color_type, int bit_depth,
                              int interlaced, const void *samples,
                              const uint8_t *palette, int palette_entries,
                              const uint8_t *trns, int trns_count, const uint16_t trns_color[3],
                              uint8_t **out, size_t *out_size, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    *out_size = 0;
    rsr_png_writer sink;
    memset(&sink, 0, sizeof sink);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, message, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *volatile rows = NULL;
    rsr_status status = RSR_STATUS_OK;
    if (!info) {
        RSR_MESSAGE(message, "out of memory");
        status = RSR_STATUS_NO_MEMORY;
        goto done;
    }
    if (setjmp(png_jmpbuf(png))) {
        status = RSR_STATUS_INVALID_ARGUMENT;
        goto done;
    }
    png_set_write_fn(png, &sink, write_output, flush_output);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color colors[256];
        for (int i = 0; i < palette_entries && i < 256; i++) {
            colors[i].red = palette[3 * i];
            colors[i].green = palette[3 * i + 1];
            colors[i].blue = palette[3 * i + 2];
        }
        png_set_PLTE(png, info, colors, palette_entries);
        if (trns && trns_count > 0) png_set_tRNS(png, info, trns, trns_count, NULL);
    } else if (trns_color) {
        png_color_16 color = {0, trns_color[0], trns_color[1], trns_color[2], trns_color[0]};
        png_set_tRNS(png, info, NULL, 0, &color);
    }
    png_write_info(png, info);
    if (bit_depth < 8) png_set_packing(png);
    if (bit_depth == 16 && rsr_is_little_endian()) png_set_swap(png);

    int channels = color_type == PNG_COLOR_TYPE_RGB ? 3 : color_type == PNG_COLOR_TYPE_RGB_ALPHA ? 4
                 : color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
    size_t row_bytes = (size_t)width * channels * (bit_depth == 16 ? 2 : 1);
    rows = malloc(sizeof(png_bytep) * height);
    if (!rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)samples + (size_t)y * row_bytes;
    png_write_image(png, rows);
    png_write_end(png, NULL);
    *out = sink.buffer;
    *out_size = sink.size;
    sink.buffer = NULL;

done:
    free(rows);
    free(sink.buffer);
    if (png) png_destroy_write_struct(&png, info ? &info : NULL);
    return status;
}
