// The odd-sized inputs of scripts/fault-inject.sh, written with libpng (the project's encoders want a
// whole image in memory, which the 64-Mpx case must not need here):
//   fault-images DIR   ->  DIR/one.png (1x1 RGB), DIR/tall.png (1x100000 gray), DIR/wide.png (100000x1 gray),
//                          DIR/huge-header.png (IHDR 65535x65535 RGB, one row of data, then IEND),
//                          DIR/deep64.png (8192x8192 16-bit RGB gradient: 64 Mpx)
//   fault-images DIR N     ->  DIR/rgbN.png, an NxN 8-bit RGB gradient (scripts/scaling-bench.sh's inputs)
//   cc -O2 scripts/fault-images.c -lpng -o fault-images
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_png(const char *folder, const char *name, uint32_t width, uint32_t height, int depth, int color,
                     uint32_t rows_written) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *file = fopen(path, "wb");
    if (!file) { perror(path); return 1; }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) { fprintf(stderr, "%s: libpng error\n", path); fclose(file); return 1; }
    png_init_io(png, file);
    png_set_compression_level(png, 1);
    png_set_IHDR(png, info, width, height, depth, color, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (depth == 16) png_set_swap(png);
    int channels = color == PNG_COLOR_TYPE_RGB ? 3 : 1;
    size_t row_bytes = (size_t)width * channels * (depth / 8);
    uint8_t *row = malloc(row_bytes);
    for (uint32_t y = 0; y < rows_written; y++) {
        for (uint32_t x = 0; x < width; x++) {
            for (int c = 0; c < channels; c++) {
                uint32_t value = (x * 7 + y * 3 + (uint32_t)c * 101) & 0xffff;
                if (depth == 16) ((uint16_t *)row)[(size_t)x * channels + c] = (uint16_t)(value * 8);
                else row[(size_t)x * channels + c] = (uint8_t)value;
            }
        }
        png_write_row(png, row);
    }
    free(row);
    if (rows_written == height) {
        png_write_end(png, NULL);
    } else {
        // The claimed size without the data: flush what libpng holds and end the file there.
        png_write_flush(png);
    }
    png_destroy_write_struct(&png, &info);
    fclose(file);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: %s DIR [SIZE]\n", argv[0]); return 2; }
    const char *dir = argv[1];
    if (argc == 3) {
        long size = strtol(argv[2], NULL, 10);
        if (size < 1 || size > 65535) { fprintf(stderr, "%s: size must be 1-65535\n", argv[2]); return 2; }
        char name[32];
        snprintf(name, sizeof name, "rgb%ld.png", size);
        return write_png(dir, name, (uint32_t)size, (uint32_t)size, 8, PNG_COLOR_TYPE_RGB, (uint32_t)size);
    }
    int failed = 0;
    failed |= write_png(dir, "one.png", 1, 1, 8, PNG_COLOR_TYPE_RGB, 1);
    failed |= write_png(dir, "tall.png", 1, 100000, 8, PNG_COLOR_TYPE_GRAY, 100000);
    failed |= write_png(dir, "wide.png", 100000, 1, 8, PNG_COLOR_TYPE_GRAY, 1);
    failed |= write_png(dir, "huge-header.png", 65535, 65535, 8, PNG_COLOR_TYPE_RGB, 1);
    failed |= write_png(dir, "deep64.png", 8192, 8192, 16, PNG_COLOR_TYPE_RGB, 8192);
    return failed;
}
