// Test support: TIFF layouts the library's writer never produces (planar, min-is-white, associated
// alpha, 1-bit, orientation tags, several pages), written with libtiff through a temporary file.
#include "CImageTestSupport.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <unistd.h>

static int on_error(TIFF *tif, void *user, const char *module, const char *format, va_list arguments) {
    (void)tif, (void)module;
    vsnprintf(user, RSR_MESSAGE_CAPACITY, format, arguments);
    return 1;
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *format, va_list arguments) {
    (void)tif, (void)user, (void)module, (void)format, (void)arguments;
    return 1;
}

static void set_tags(TIFF *tif, uint32_t width, uint32_t height, int samples, int bits, int photometric, int planar,
                     int extra_sample, rsr_tiff_compression compression, int tile, int orientation) {
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)samples);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)bits);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, (uint16_t)photometric);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, (uint16_t)planar);
    if (orientation > 0) TIFFSetField(tif, TIFFTAG_ORIENTATION, (uint16_t)orientation);
    if (extra_sample >= 0) {
        uint16_t kind = (uint16_t)extra_sample;
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, (uint16_t)1, &kind);
    }
    TIFFSetField(tif, TIFFTAG_COMPRESSION, compression == RSR_TIFF_LZW ? COMPRESSION_LZW
                 : compression == RSR_TIFF_DEFLATE ? COMPRESSION_ADOBE_DEFLATE : COMPRESSION_NONE);
    if (tile) {
        TIFFSetField(tif, TIFFTAG_TILEWIDTH, (uint32_t)tile);
        TIFFSetField(tif, TIFFTAG_TILELENGTH, (uint32_t)tile);
    } else {
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, (uint32_t)3); // several strips even for small images
    }
}

rsr_status rsr_tiff_encode_raw(uint32_t width, uint32_t height, int samples_per_pixel, int bits_per_sample,
                               int photometric, int planar, int extra_sample, rsr_tiff_compression compression,
                               int tile_size, int orientation, int pages, const void *samples,
                               uint8_t **out, size_t *out_size, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    *out_size = 0;
    message[0] = 0;
    FILE *temporary = tmpfile();
    if (!temporary) {
        snprintf(message, RSR_MESSAGE_CAPACITY, "cannot make a temporary file");
        return RSR_STATUS_IO;
    }
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, on_error, message);
    TIFFOpenOptionsSetWarningHandlerExtR(options, on_warning, message);
    TIFF *tif = TIFFFdOpenExt(dup(fileno(temporary)), "test", "w", options); // TIFFClose closes it
    TIFFOpenOptionsFree(options);
    rsr_status status = tif ? RSR_STATUS_OK : RSR_STATUS_IO;
    int separate = planar == PLANARCONFIG_SEPARATE;
    int bytes = bits_per_sample == 16 ? 2 : 1;
    size_t row_bytes = bits_per_sample < 8 ? ((size_t)width * samples_per_pixel * bits_per_sample + 7) / 8
                                           : (size_t)width * samples_per_pixel * bytes;
    size_t block_samples = separate ? 1 : (size_t)samples_per_pixel;
    size_t block_row = tile_size ? (size_t)tile_size * block_samples * bytes : (separate ? (size_t)width * bytes : row_bytes);
    size_t block_rows = tile_size ? (size_t)tile_size : 1;
    uint8_t *block = malloc(block_row * block_rows + 16);
    if (!block) status = RSR_STATUS_NO_MEMORY;
    for (int page = 0; page < pages && status == RSR_STATUS_OK; page++) {
        set_tags(tif, width, height, samples_per_pixel, bits_per_sample, photometric, planar, extra_sample,
                 compression, tile_size, orientation);
        for (int plane = 0; plane < (separate ? samples_per_pixel : 1) && status == RSR_STATUS_OK; plane++) {
            uint32_t step_x = tile_size ? (uint32_t)tile_size : width;
            for (uint32_t y = 0; y < height && status == RSR_STATUS_OK; y += (uint32_t)block_rows) {
                for (uint32_t x = 0; x < width && status == RSR_STATUS_OK; x += step_x) {
                    memset(block, 0, block_row * block_rows);
                    for (uint32_t r = 0; r < block_rows && y + r < height; r++) {
                        const uint8_t *row = (const uint8_t *)samples + (size_t)(y + r) * row_bytes;
                        uint8_t *to = block + r * block_row;
                        if (bits_per_sample < 8) { memcpy(to, row, row_bytes); continue; }
                        for (uint32_t c = 0; c < step_x && x + c < width; c++) {
                            const uint8_t *pixel = row + (size_t)(x + c) * samples_per_pixel * bytes;
                            if (separate) memcpy(to + (size_t)c * bytes, pixel + (size_t)plane * bytes, bytes);
                            else memcpy(to + (size_t)c * samples_per_pixel * bytes, pixel, (size_t)samples_per_pixel * bytes);
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
    if (tif) TIFFClose(tif);
    long size = status == RSR_STATUS_OK ? ftell(temporary) : -1;
    if (status == RSR_STATUS_OK && fseek(temporary, 0, SEEK_END) == 0) size = ftell(temporary);
    if (status == RSR_STATUS_OK && size > 0 && (*out = malloc((size_t)size)) && fseek(temporary, 0, SEEK_SET) == 0 &&
        fread(*out, 1, (size_t)size, temporary) == (size_t)size) {
        *out_size = (size_t)size;
    } else if (status == RSR_STATUS_OK) {
        free(*out);
        *out = NULL;
        status = RSR_STATUS_IO;
    }
    fclose(temporary);
    if (status != RSR_STATUS_OK && !message[0]) snprintf(message, RSR_MESSAGE_CAPACITY, "cannot write the test TIFF");
    return status;
}
