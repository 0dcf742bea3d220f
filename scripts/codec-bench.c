// Encode and decode MP/s of the WebP, TIFF and AVIF shims on one 8-bit RGB PNG (docs/formats.md):
// each setting encoded once to memory, its result decoded twice (the better time is printed).
//   cc -O2 -I Sources/CImageCodecs/include scripts/codec-bench.c Sources/CImageCodecs/*.c
//      -lpng -ljpeg -lwebp -lwebpmux -lwebpdemux -ltiff -lavif -o /tmp/codec-bench    (one line)
//   /tmp/codec-bench photo.png [case]
#include "CImageCodecs.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static uint8_t *load(const char *path, size_t *n) { FILE *f = fopen(path, "rb"); fseek(f, 0, SEEK_END); *n = ftell(f); rewind(f); uint8_t *b = malloc(*n); fread(b, 1, *n, f); fclose(f); return b; }
typedef rsr_status (*dec_fn)(const uint8_t *, size_t, uint64_t, void *, size_t, rsr_decoded *);
static double mp;
static void decode_time(const char *name, dec_fn fn, const uint8_t *b, size_t n) {
    double best = 1e9;
    for (int r = 0; r < 2; r++) {
        double t0 = now(); rsr_decoded h; fn(b, n, 1u << 30, NULL, 0, &h); void *p = malloc(h.pixels_size); rsr_decoded x;
        rsr_status s = fn(b, n, 1u << 30, p, h.pixels_size, &x); double t = now() - t0; if (s) printf("decode fail %s\n", x.message);
        rsr_decoded_free(&h); rsr_decoded_free(&x); free(p); if (t < best) best = t;
    }
    printf("%-28s decode %6.2f s %7.1f MP/s\n", name, best, mp / best);
}
int main(int argc, char **argv) {
    size_t n; uint8_t *png = load(argv[1], &n); rsr_decoded h; rsr_png_decode(png, n, 1u << 30, NULL, 0, &h);
    uint8_t *px = malloc(h.pixels_size); rsr_decoded x; rsr_png_decode(png, n, 1u << 30, px, h.pixels_size, &x);
    uint32_t W = h.width, H = h.height; mp = W * (double)H / 1e6; printf("%ux%u %.1f MP\n", W, H, mp);
    uint16_t *px16 = malloc((size_t)W * H * 3 * 2); for (size_t i = 0; i < (size_t)W * H * 3; i++) px16[i] = px[i] * 257;
    char m[256];
    struct { const char *name; int kind; int a, b; } cases[] = {
        {"WebP lossy q90", 0, 90, 0}, {"WebP lossless effort 1", 0, -1, 1}, {"WebP lossless effort 6", 0, -1, 6},
        {"TIFF deflate 8-bit zlib 1", 1, RSR_TIFF_DEFLATE, 8}, {"TIFF LZW 8-bit", 1, RSR_TIFF_LZW, 8}, {"TIFF none 8-bit", 1, RSR_TIFF_NONE, 8},
        {"TIFF deflate 16-bit zlib 1", 1, RSR_TIFF_DEFLATE, 16}, {"TIFF deflate 8-bit tiles", 1, RSR_TIFF_DEFLATE, 8 + 256},
        {"AVIF q75 speed 8", 2, 75, 8}, {"AVIF q75 speed 6", 2, 75, 6}, {"AVIF 10-bit q75 speed 8", 2, 75, 8 + 100},
    };
    int only = argc > 2 ? atoi(argv[2]) : -1;
    for (int c = 0; c < (int)(sizeof cases / sizeof *cases); c++) {
        if (only >= 0 && c != only) continue;
        double t0 = now(); rsr_writer *w = NULL; rsr_write_options o = {.compression_level = 1, .srgb_intent = -1};
        int bits = 8; dec_fn fn = NULL; rsr_status s;
        if (cases[c].kind == 0) {
            o.quality = cases[c].a > 0 ? cases[c].a : 90; o.lossless = cases[c].a < 0; o.effort = cases[c].b;
            s = rsr_webp_writer_open(&w, -1, W, H, 3, 8, &o, m); fn = rsr_webp_decode;
        } else if (cases[c].kind == 1) {
            bits = cases[c].b % 256 == 16 ? 16 : 8; o.tiff_compression = cases[c].a; o.tile_size = cases[c].b > 256 ? 256 : 0;
            s = rsr_tiff_writer_open(&w, -1, W, H, 3, bits, &o, m); fn = rsr_tiff_decode;
        } else {
            bits = cases[c].b > 100 ? 16 : 8; o.quality = cases[c].a; o.speed = cases[c].b % 100;
            s = rsr_avif_writer_open(&w, -1, W, H, 3, bits, &o, m); fn = rsr_avif_decode;
        }
        if (!s) s = rsr_writer_write_rows(w, bits == 16 ? (void *)px16 : px, H);
        if (!s) s = rsr_writer_finish(w);
        if (s) printf("%s\n", w ? rsr_writer_message(w) : m);
        size_t size = 0; const uint8_t *b = w ? rsr_writer_buffer(w, &size) : NULL;
        double t = now() - t0;
        printf("%-28s encode %6.2f s %7.1f MP/s %8zu KB%s\n", cases[c].name, t, mp / t, size / 1024, s ? " FAILED" : "");
        if (!s) decode_time(cases[c].name, fn, b, size);
        rsr_writer_destroy(w);
        fflush(stdout);
    }
    return 0;
}
