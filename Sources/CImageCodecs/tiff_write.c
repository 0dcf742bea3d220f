// TIFF row writer over libtiff: strips stream one scanline at a time, tiles one band of rows at a time.
//
// libtiff seeks back to write offsets and the directory, so a file is written through the descriptor
// of the writer core's FILE (pwrite; the FILE itself is never written, and the core fsyncs and closes
// it), and a memory output is built in our own buffer and handed to the core at the end.
#include "tiff_io.h"
#include "writer.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    TIFF *tif;
    rsr_tiff_io io;
    uint32_t width, height, rows_written;
    size_t row_bytes;
    uint32_t tile;           // 0: strips
    uint8_t *scratch;        // one row (strips) or one band of `tile` rows (tiles)
    uint8_t *tile_buffer;
    size_t tile_bytes;
    uint32_t band_rows;
} tiff_state;

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

/// Writes the band of tile rows collected in scratch as one row of tiles (zero-padded at the edges).
static rsr_status flush_band(tiff_state *state) {
    size_t pixel_bytes = state->row_bytes / state->width;
    uint32_t y = state->rows_written - state->band_rows;
    for (uint32_t x = 0; x < state->width; x += state->tile) {
        memset(state->tile_buffer, 0, state->tile_bytes);
        uint32_t columns = state->width - x < state->tile ? state->width - x : state->tile;
        for (uint32_t r = 0; r < state->band_rows; r++)
            memcpy(state->tile_buffer + (size_t)r * state->tile * pixel_bytes,
                   state->scratch + (size_t)r * state->row_bytes + (size_t)x * pixel_bytes, columns * pixel_bytes);
        if (TIFFWriteEncodedTile(state->tif, TIFFComputeTile(state->tif, x, y, 0, 0), state->tile_buffer,
                                 (tmsize_t)state->tile_bytes) < 0)
            return RSR_STATUS_IO;
    }
    state->band_rows = 0;
    return RSR_STATUS_OK;
}

static rsr_status write_tiff_rows(rsr_writer *writer, const uint8_t *rows, uint32_t count) {
    tiff_state *state = writer->state;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *row = rows + (size_t)i * state->row_bytes;
        rsr_status status = RSR_STATUS_OK;
        if (state->tile) {
            memcpy(state->scratch + (size_t)state->band_rows * state->row_bytes, row, state->row_bytes);
            state->band_rows++;
            state->rows_written++;
            if (state->band_rows == state->tile || state->rows_written == state->height) status = flush_band(state);
        } else {
            // The predictor differences the row in place, so libtiff gets a copy, not the caller's rows.
            memcpy(state->scratch, row, state->row_bytes);
            if (TIFFWriteScanline(state->tif, state->scratch, state->rows_written, 0) < 0) status = RSR_STATUS_IO;
            state->rows_written++;
        }
        if (status != RSR_STATUS_OK || state->io.errors) {
            if (writer->message[0] == 0) RSR_MESSAGE(writer->message, "cannot write the image data");
            return RSR_STATUS_IO;
        }
    }
    return RSR_STATUS_OK;
}

static rsr_status finish_tiff(rsr_writer *writer) {
    tiff_state *state = writer->state;
    int flushed = TIFFFlush(state->tif);
    TIFFClose(state->tif);
    state->tif = NULL;
    if (!flushed || state->io.errors) {
        if (writer->message[0] == 0) RSR_MESSAGE(writer->message, "cannot write the directory");
        return RSR_STATUS_IO;
    }
    if (state->io.fd < 0) {
        const char *failure = rsr_writer_emit(writer, state->io.buffer, state->io.size);
        if (failure) {
            RSR_MESSAGE(writer->message, "%s", failure);
            return RSR_STATUS_IO;
        }
    }
    return RSR_STATUS_OK;
}

static void destroy_tiff(rsr_writer *writer) {
    tiff_state *state = writer->state;
    if (state->tif) TIFFClose(state->tif);
    free(state->io.buffer);
    free(state->scratch);
    free(state->tile_buffer);
}

static const rsr_writer_codec tiff_codec = {write_tiff_rows, finish_tiff, destroy_tiff};

rsr_status rsr_tiff_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                                int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    int tile = options ? options->tile_size : 0;
    int compression = options ? options->tiff_compression : RSR_TIFF_NONE;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || width == 0 || height == 0 ||
        tile < 0 || tile % 16 != 0 || compression < RSR_TIFF_NONE || compression > RSR_TIFF_DEFLATE) {
        RSR_MESSAGE(message, "cannot write a %ux%u TIFF with %d channels at %d bits (tiles %d)", width, height,
                    channels, bit_depth, tile);
        if (fd >= 0) close(fd);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    size_t row_bytes = (size_t)width * channels * (bit_depth / 8);
    rsr_writer *writer = NULL;
    rsr_status status = rsr_writer_create(&writer, fd, &tiff_codec, sizeof(tiff_state), height, row_bytes, message);
    if (status != RSR_STATUS_OK) return status;
    tiff_state *state = writer->state;
    state->io = (rsr_tiff_io){.fd = writer->file ? fileno(writer->file) : -1, .message = writer->message};
    state->width = width;
    state->height = height;
    state->tile = (uint32_t)tile;
    state->row_bytes = row_bytes;
    state->tif = rsr_tiff_open(&state->io, needs_bigtiff((uint64_t)row_bytes * height) ? "w8" : "w", UINT64_MAX);
    if (!state->tif) return rsr_writer_abandon(writer, RSR_STATUS_IO, message);
    set_tags(state->tif, width, height, channels, bit_depth, channels >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK,
             PLANARCONFIG_CONTIG, channels % 2 == 0 ? EXTRASAMPLE_UNASSALPHA : -1, compression, state->tile, 1);
    // The zlib level PNG uses (1 by default): libtiff's default, 6, encodes ~4x slower for ~5% less.
    if (compression == RSR_TIFF_DEFLATE && options && options->compression_level >= 1 && options->compression_level <= 9)
        TIFFSetField(state->tif, TIFFTAG_ZIPQUALITY, options->compression_level);
    if (options && options->icc && options->icc_size > 0 && options->icc_size <= UINT32_MAX)
        TIFFSetField(state->tif, TIFFTAG_ICCPROFILE, (uint32_t)options->icc_size, options->icc);
    state->scratch = calloc(state->tile ? state->tile : 1, row_bytes);
    state->tile_bytes = state->tile ? (size_t)TIFFTileSize(state->tif) : 0;
    state->tile_buffer = state->tile ? malloc(state->tile_bytes) : NULL;
    if (!state->scratch || (state->tile && !state->tile_buffer)) {
        RSR_MESSAGE(writer->message, "out of memory");
        return rsr_writer_abandon(writer, RSR_STATUS_NO_MEMORY, message);
    }
    if (state->io.errors) return rsr_writer_abandon(writer, RSR_STATUS_IO, message);
    *out = writer;
    return RSR_STATUS_OK;
}
