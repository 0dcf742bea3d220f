// TIFF row writer over libtiff: strips stream one scanline at a time, tiles one band of rows at a time.
#include "tiff_io.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rsr_tiff_writer {
    TIFF *tif;
    rsr_tiff_io io;
    uint32_t width, height, rows_written;
    size_t row_bytes;
    uint32_t tile;           // 0: strips
    uint8_t *scratch;        // one row (strips) or one band of `tile` rows (tiles)
    uint8_t *tile_buffer;
    size_t tile_bytes;
    uint32_t band_rows;
    int failed, finished;
    char message[RSR_MESSAGE_CAPACITY];
};

/// The tags every page gets; orientation 0 writes none.
static void set_tags(TIFF *tif, uint32_t width, uint32_t height, int samples, int bits, int photometric,
                     int planar, int extra_sample, rsr_tiff_compression compression, uint32_t tile,
                     int orientation) {
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)samples);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)bits);
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_UINT);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, (uint16_t)photometric);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, (uint16_t)planar);
    TIFFSetField(tif, TIFFTAG_SOFTWARE, "ResidualSR");
    if (orientation > 0) TIFFSetField(tif, TIFFTAG_ORIENTATION, (uint16_t)orientation);
    if (extra_sample >= 0) {
        uint16_t kind = (uint16_t)extra_sample;
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, (uint16_t)1, &kind);
    }
    uint16_t scheme = compression == RSR_TIFF_LZW ? COMPRESSION_LZW
                    : compression == RSR_TIFF_DEFLATE ? COMPRESSION_ADOBE_DEFLATE : COMPRESSION_NONE;
    TIFFSetField(tif, TIFFTAG_COMPRESSION, scheme);
    // Horizontal differencing makes photos ~30% smaller under LZW/deflate (8 and 16 bits).
    if (scheme != COMPRESSION_NONE && bits >= 8) TIFFSetField(tif, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
    if (tile) {
        TIFFSetField(tif, TIFFTAG_TILEWIDTH, tile);
        TIFFSetField(tif, TIFFTAG_TILELENGTH, tile);
    } else {
        // Strips of ~256 KB: libtiff's default (8 KB) costs compression ratio and offsets.
        uint64_t row = ((uint64_t)width * (planar == PLANARCONFIG_SEPARATE ? 1 : samples) * bits + 7) / 8;
        uint64_t rows = row ? (256u << 10) / row : 1;
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, (uint32_t)(rows < 1 ? 1 : rows > height ? height : rows));
    }
}

static int needs_bigtiff(uint64_t image_bytes) { return image_bytes > (3ull << 30); }

rsr_status rsr_tiff_writer_open(rsr_tiff_writer **out, int fd, uint32_t width, uint32_t height,
                                int channels, int bit_depth, const rsr_tiff_options *options,
                                char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    int tile = options ? options->tile_size : 0;
    rsr_tiff_compression compression = options ? options->compression : RSR_TIFF_NONE;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || width == 0 || height == 0 ||
        tile < 0 || tile % 16 != 0 || compression < RSR_TIFF_NONE || compression > RSR_TIFF_DEFLATE) {
        RSR_MESSAGE(message, "cannot write a %ux%u TIFF with %d channels at %d bits (tiles %d)", width, height,
                    channels, bit_depth, tile);
        if (fd >= 0) close(fd);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    rsr_tiff_writer *writer = calloc(1, sizeof *writer);
    if (!writer) {
        RSR_MESSAGE(message, "out of memory");
        if (fd >= 0) close(fd);
        return RSR_STATUS_NO_MEMORY;
    }
    writer->io = (rsr_tiff_io){.fd = fd, .message = writer->message};
    writer->width = width;
    writer->height = height;
    writer->tile = (uint32_t)tile;
    writer->row_bytes = (size_t)width * channels * (bit_depth / 8);
    uint64_t image_bytes = (uint64_t)writer->row_bytes * height;
    writer->tif = rsr_tiff_open(&writer->io, needs_bigtiff(image_bytes) ? "w8" : "w", UINT64_MAX);
    rsr_status status = writer->tif ? RSR_STATUS_OK : RSR_STATUS_IO;
    if (status == RSR_STATUS_OK) {
        set_tags(writer->tif, width, height, channels, bit_depth, channels >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK,
                 PLANARCONFIG_CONTIG, channels % 2 == 0 ? EXTRASAMPLE_UNASSALPHA : -1, compression, writer->tile, 1);
        if (options && options->icc && options->icc_size > 0 && options->icc_size <= UINT32_MAX)
            TIFFSetField(writer->tif, TIFFTAG_ICCPROFILE, (uint32_t)options->icc_size, options->icc);
        size_t scratch_rows = writer->tile ? writer->tile : 1;
        writer->scratch = calloc(scratch_rows, writer->row_bytes);
        writer->tile_bytes = writer->tile ? (size_t)TIFFTileSize(writer->tif) : 0;
        writer->tile_buffer = writer->tile ? malloc(writer->tile_bytes) : NULL;
        if (!writer->scratch || (writer->tile && !writer->tile_buffer)) {
            RSR_MESSAGE(writer->message, "out of memory");
            status = RSR_STATUS_NO_MEMORY;
        } else if (writer->io.errors) {
            status = RSR_STATUS_IO;
        }
    }
    if (status != RSR_STATUS_OK) {
        RSR_MESSAGE(message, "%s", writer->message);
        rsr_tiff_writer_destroy(writer);
        return status;
    }
    *out = writer;
    return RSR_STATUS_OK;
}

/// Writes the band of tile rows collected in scratch as one row of tiles (zero-padded at the edges).
static rsr_status flush_band(rsr_tiff_writer *writer) {
    size_t pixel_bytes = writer->row_bytes / writer->width;
    uint32_t y = writer->rows_written - writer->band_rows;
    for (uint32_t x = 0; x < writer->width; x += writer->tile) {
        memset(writer->tile_buffer, 0, writer->tile_bytes);
        uint32_t columns = writer->width - x < writer->tile ? writer->width - x : writer->tile;
        for (uint32_t r = 0; r < writer->band_rows; r++)
            memcpy(writer->tile_buffer + (size_t)r * writer->tile * pixel_bytes,
                   writer->scratch + (size_t)r * writer->row_bytes + (size_t)x * pixel_bytes, columns * pixel_bytes);
        if (TIFFWriteEncodedTile(writer->tif, TIFFComputeTile(writer->tif, x, y, 0, 0), writer->tile_buffer,
                                 (tmsize_t)writer->tile_bytes) < 0)
            return RSR_STATUS_IO;
    }
    writer->band_rows = 0;
    return RSR_STATUS_OK;
}

rsr_status rsr_tiff_writer_write_rows(rsr_tiff_writer *writer, const void *rows, uint32_t count) {
    if (writer->failed || writer->finished) {
        RSR_MESSAGE(writer->message, "writer is no longer usable");
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    if (count > writer->height - writer->rows_written) {
        RSR_MESSAGE(writer->message, "%u rows given but only %u of %u remain", count,
                    writer->height - writer->rows_written, writer->height);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    const uint8_t *bytes = rows;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *row = bytes + (size_t)i * writer->row_bytes;
        rsr_status status = RSR_STATUS_OK;
        if (writer->tile) {
            memcpy(writer->scratch + (size_t)writer->band_rows * writer->row_bytes, row, writer->row_bytes);
            writer->band_rows++;
            writer->rows_written++;
            if (writer->band_rows == writer->tile || writer->rows_written == writer->height)
                status = flush_band(writer);
        } else {
            // The predictor differences the row in place, so libtiff gets a copy, not the caller's rows.
            memcpy(writer->scratch, row, writer->row_bytes);
            if (TIFFWriteScanline(writer->tif, writer->scratch, writer->rows_written, 0) < 0) status = RSR_STATUS_IO;
            writer->rows_written++;
        }
        if (status != RSR_STATUS_OK || writer->io.errors) {
            if (writer->message[0] == 0) RSR_MESSAGE(writer->message, "cannot write the image data");
            writer->failed = 1;
            return RSR_STATUS_IO;
        }
    }
    return RSR_STATUS_OK;
}

rsr_status rsr_tiff_writer_finish(rsr_tiff_writer *writer) {
    if (writer->failed || writer->finished) {
        RSR_MESSAGE(writer->message, "writer is no longer usable");
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    if (writer->rows_written != writer->height) {
        RSR_MESSAGE(writer->message, "only %u of %u rows were written", writer->rows_written, writer->height);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    writer->finished = 1;
    int flushed = TIFFFlush(writer->tif);
    TIFFClose(writer->tif);
    writer->tif = NULL;
    rsr_status status = flushed && !writer->io.errors ? RSR_STATUS_OK : RSR_STATUS_IO;
    if (status != RSR_STATUS_OK && writer->message[0] == 0) RSR_MESSAGE(writer->message, "cannot write the directory");
    if (writer->io.fd >= 0) {
        int fd = writer->io.fd;
        writer->io.fd = -1;
        if (status == RSR_STATUS_OK) status = rsr_write_file(fd, NULL, 0, writer->message); // fsync + close
        else close(fd);
    }
    writer->failed = status != RSR_STATUS_OK;
    return status;
}

const uint8_t *rsr_tiff_writer_buffer(const rsr_tiff_writer *writer, size_t *size) {
    *size = writer->io.size;
    return writer->io.buffer;
}

const char *rsr_tiff_writer_message(const rsr_tiff_writer *writer) { return writer->message; }

void rsr_tiff_writer_destroy(rsr_tiff_writer *writer) {
    if (!writer) return;
    if (writer->tif) TIFFClose(writer->tif);
    if (writer->io.fd >= 0) close(writer->io.fd);
    free(writer->io.buffer);
    free(writer->scratch);
    free(writer->tile_buffer);
    free(writer);
}

// MARK: - Test support

rsr_status rsr_tiff_encode_raw(uint32_t width, uint32_t height, int samples_per_pixel, int bits_per_sample,
                               int photometric, int planar, int extra_sample, rsr_tiff_compression compression,
                               int tile_size, int orientation, int pages, const void *samples,
                               uint8_t **out, size_t *out_size, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    *out_size = 0;
    message[0] = 0;
    rsr_tiff_io io = {.fd = -1, .message = message};
    TIFF *tif = rsr_tiff_open(&io, "w", UINT64_MAX);
    if (!tif) return RSR_STATUS_IO;
    int separate = planar == PLANARCONFIG_SEPARATE;
    int bytes = bits_per_sample == 16 ? 2 : 1;
    size_t row_bytes = bits_per_sample < 8 ? ((size_t)width * samples_per_pixel * bits_per_sample + 7) / 8
                                           : (size_t)width * samples_per_pixel * bytes;
    size_t plane_row = separate ? (size_t)width * bytes : row_bytes;
    uint8_t *block = malloc((tile_size ? (size_t)tile_size * tile_size * bytes * samples_per_pixel : row_bytes) + 16);
    rsr_status status = block ? RSR_STATUS_OK : RSR_STATUS_NO_MEMORY;
    for (int page = 0; page < pages && status == RSR_STATUS_OK; page++) {
        set_tags(tif, width, height, samples_per_pixel, bits_per_sample, photometric, planar, extra_sample,
                 compression, (uint32_t)tile_size, orientation);
        int planes = separate ? samples_per_pixel : 1;
        for (int plane = 0; plane < planes && status == RSR_STATUS_OK; plane++) {
            uint32_t step_y = tile_size ? (uint32_t)tile_size : 1, step_x = tile_size ? (uint32_t)tile_size : width;
            for (uint32_t y = 0; y < height && status == RSR_STATUS_OK; y += step_y) {
                for (uint32_t x = 0; x < width && status == RSR_STATUS_OK; x += step_x) {
                    size_t block_row = tile_size ? (size_t)tile_size * (separate ? 1 : samples_per_pixel) * bytes : plane_row;
                    memset(block, 0, block_row * step_y);
                    for (uint32_t r = 0; r < step_y && y + r < height; r++) {
                        const uint8_t *row = (const uint8_t *)samples + (size_t)(y + r) * row_bytes;
                        uint8_t *to = block + r * block_row;
                        for (uint32_t c = 0; c < step_x && x + c < width; c++) {
                            if (bits_per_sample < 8) {
                                memcpy(to, row, row_bytes);
                                break;
                            }
                            size_t pixel = (size_t)(x + c) * samples_per_pixel * bytes;
                            if (separate) memcpy(to + c * bytes, row + pixel + (size_t)plane * bytes, bytes);
                            else memcpy(to + (size_t)c * samples_per_pixel * bytes, row + pixel, (size_t)samples_per_pixel * bytes);
                        }
                    }
                    tmsize_t written = tile_size
                        ? TIFFWriteEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, (uint16_t)plane), block, TIFFTileSize(tif))
                        : TIFFWriteScanline(tif, block, y, (uint16_t)plane);
                    if (written < 0) status = RSR_STATUS_IO;
                }
            }
        }
        if (status == RSR_STATUS_OK && !TIFFWriteDirectory(tif)) status = RSR_STATUS_IO;
    }
    free(block);
    TIFFClose(tif);
    if (status == RSR_STATUS_OK && io.errors) status = RSR_STATUS_IO;
    if (status != RSR_STATUS_OK) {
        free(io.buffer);
        if (!message[0]) RSR_MESSAGE(message, "cannot write the test TIFF");
        return status;
    }
    *out = io.buffer;
    *out_size = io.size;
    return RSR_STATUS_OK;
}
