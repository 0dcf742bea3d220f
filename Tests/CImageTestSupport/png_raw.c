// Test support: PNGs of every colour type, bit depth and interlace, straight through libpng.
#include "CImageTestSupport.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

void rsr_test_free(void *pointer) { free(pointer); }

static void on_error(png_structp png, png_const_charp text) {
    snprintf(png_get_error_ptr(png), RSR_MESSAGE_CAPACITY, "%s", text);
    png_longjmp(png, 1);
}

rsr_status rsr_png_encode_raw(uint32_t width, uint32_t height, int color_type, int bit_depth,
                              int interlaced, const void *samples,
                              const uint8_t *palette, int palette_entries,
                              const uint8_t *trns, int trns_count, const uint16_t trns_color[3],
                              uint8_t **out, size_t *out_size, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    *out_size = 0;
    char *buffer = NULL;
    size_t size = 0;
    FILE *volatile sink = open_memstream(&buffer, &size);
    png_structp png = sink ? png_create_write_struct(PNG_LIBPNG_VER_STRING, message, on_error, NULL) : NULL;
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *volatile rows = NULL;
    rsr_status status = RSR_STATUS_OK;
    if (!info) {
        snprintf(message, RSR_MESSAGE_CAPACITY, "out of memory");
        status = RSR_STATUS_NO_MEMORY;
        goto done;
    }
    if (setjmp(png_jmpbuf(png))) {
        status = RSR_STATUS_INVALID_ARGUMENT;
        goto done;
    }
    png_init_io(png, sink);
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
    const uint16_t probe = 1;
    if (bit_depth == 16 && *(const uint8_t *)&probe == 1) png_set_swap(png);

    int channels = color_type == PNG_COLOR_TYPE_RGB ? 3 : color_type == PNG_COLOR_TYPE_RGB_ALPHA ? 4
                 : color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
    size_t row_bytes = (size_t)width * channels * (bit_depth == 16 ? 2 : 1);
    rows = malloc(sizeof(png_bytep) * height);
    if (!rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)samples + (size_t)y * row_bytes;
    png_write_image(png, rows);
    png_write_end(png, NULL);

done:
    free(rows);
    if (png) png_destroy_write_struct(&png, info ? &info : NULL);
    if (sink && fclose(sink) != 0 && status == RSR_STATUS_OK) status = RSR_STATUS_NO_MEMORY;
    if (status == RSR_STATUS_OK) {
        *out = (uint8_t *)buffer;
        *out_size = size;
    } else {
        free(buffer);
    }
    return status;
}
