// Writes the fuzzing seed corpora with the project's own encoders (Sources/CImageCodecs): every PNG
// colour type and bit depth, interlaced or not, with tRNS, iCCP, gAMA and sRGB; JPEG gray/RGB,
// baseline/progressive, 4:4:4, CMYK, Adobe CMYK and YCCK, with Exif orientation and ICC markers,
// many-scan progressive files; small safetensors files; and truncations of each.
// Usage: make_seeds OUT_DIR  (creates OUT_DIR/png, OUT_DIR/jpeg, OUT_DIR/safetensors)
#include "CImageTestSupport.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *root;
static int written;

static void put(const char *kind, const char *name, const uint8_t *bytes, size_t size) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/%s", root, kind, name);
    FILE *file = fopen(path, "wb");
    if (!file) { perror(path); exit(1); }
    fwrite(bytes, 1, size, file);
    fclose(file);
    written++;
}

/// The file, plus cuts at a few points (in the header, in the data, just before the end).
static void put_with_truncations(const char *kind, const char *name, const uint8_t *bytes, size_t size) {
    put(kind, name, bytes, size);
    size_t cuts[] = {size / 8, size / 3, size / 2, size - 2};
    for (int i = 0; i < 4; i++) {
        if (cuts[i] == 0 || cuts[i] >= size) continue;
        char cut[512];
        snprintf(cut, sizeof cut, "%s.cut%zu", name, cuts[i]);
        put(kind, cut, bytes, cuts[i]);
    }
}

static uint8_t icc[512];

static void make_icc(void) {
    // A minimal ICC header: size, 'acsp' signature, RGB data colour space, no tags.
    memset(icc, 0, sizeof icc);
    icc[2] = 0x02; // size 512, big endian
    memcpy(icc + 16, "RGB ", 4);
    memcpy(icc + 20, "XYZ ", 4);
    memcpy(icc + 36, "acsp", 4);
}

static void png_seeds(void) {
    const int types[] = {0, 2, 3, 4, 6};
    const int depths[] = {1, 2, 4, 8, 16};
    uint8_t palette[3 * 16];
    for (int i = 0; i < 48; i++) palette[i] = (uint8_t)(i * 5);
    uint8_t trns[16];
    for (int i = 0; i < 16; i++) trns[i] = (uint8_t)(i * 16);
    const uint16_t trns_color[3] = {1, 2, 3};
    for (int t = 0; t < 5; t++) {
        for (int d = 0; d < 5; d++) {
            int type = types[t], depth = depths[d];
            if ((type == 2 || type == 4 || type == 6) && depth < 8) continue;
            if (type == 3 && depth == 16) continue;
            int channels = type == 2 ? 3 : type == 4 ? 2 : type == 6 ? 4 : 1;
            for (int interlaced = 0; interlaced < 2; interlaced++) {
                for (int transparent = 0; transparent < 2; transparent++) {
                    if (transparent && (type == 4 || type == 6)) continue;
                    uint32_t width = 13, height = 7;
                    size_t samples_count = (size_t)width * height * channels;
                    size_t sample_bytes = depth == 16 ? 2 : 1;
                    uint8_t *samples = malloc(samples_count * sample_bytes);
                    int max = (1 << (depth > 8 ? 8 : depth)) - 1;
                    if (type == 3) max = (depth < 4 ? 1 << depth : 16) - 1;
                    for (size_t i = 0; i < samples_count * sample_bytes; i++) samples[i] = (uint8_t)((i * 7) % (max + 1));
                    uint8_t *out = NULL;
                    size_t size = 0;
                    char message[RSR_MESSAGE_CAPACITY];
                    int entries = depth < 4 ? 1 << depth : 16;
                    rsr_status status = rsr_png_encode_raw(width, height, type, depth, interlaced, samples,
                                                           type == 3 ? palette : NULL, type == 3 ? entries : 0,
                                                           transparent && type == 3 ? trns : NULL, transparent && type == 3 ? entries : 0,
                                                           transparent && type != 3 ? trns_color : NULL, &out, &size, message);
                    free(samples);
                    if (status != RSR_STATUS_OK) { fprintf(stderr, "png %d/%d: %s\n", type, depth, message); continue; }
                    char name[128];
                    snprintf(name, sizeof name, "type%d-depth%d%s%s.png", type, depth, interlaced ? "-adam7" : "",
                             transparent ? "-trns" : "");
                    put_with_truncations("png", name, out, size);
                    rsr_test_free(out);
                }
            }
        }
    }
    // Row writer with iCCP, gAMA and sRGB, 8- and 16-bit RGBA.
    for (int depth = 8; depth <= 16; depth += 8) {
        rsr_write_options options = {.compression_level = 1, .icc = icc, .icc_size = sizeof icc, .has_gamma = 1,
                                   .gamma = 45455, .srgb_intent = 0};
        rsr_writer *writer = NULL;
        char message[RSR_MESSAGE_CAPACITY];
        if (rsr_png_writer_open(&writer, -1, 9, 5, 4, depth, &options, message) != RSR_STATUS_OK) continue;
        uint8_t rows[9 * 5 * 4 * 2];
        for (size_t i = 0; i < sizeof rows; i++) rows[i] = (uint8_t)(i * 3);
        rsr_writer_write_rows(writer, rows, 5);
        if (rsr_writer_finish(writer) == RSR_STATUS_OK) {
            size_t size = 0;
            const uint8_t *bytes = rsr_writer_buffer(writer, &size);
            put_with_truncations("png", depth == 8 ? "rgba8-icc-gama-srgb.png" : "rgba16-icc-gama-srgb.png", bytes, size);
        }
        rsr_writer_destroy(writer);
    }
}

/// JPEG bytes with an APP1 Exif segment (orientation `orientation`, little-endian TIFF) after SOI.
static uint8_t *with_exif(const uint8_t *jpeg, size_t size, int orientation, size_t *out_size) {
    static const uint8_t exif_template[] = {
        0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,            // APP1, length 34
        'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,                // TIFF header, IFD0 at 8
        0x01, 0x00,                                                  // one entry
        0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, // orientation, SHORT, 1
        0x00, 0x00, 0x00, 0x00,                                      // no next IFD
    };
    *out_size = size + sizeof exif_template;
    uint8_t *out = malloc(*out_size);
    memcpy(out, jpeg, 2);
    memcpy(out + 2, exif_template, sizeof exif_template);
    out[2 + 28] = (uint8_t)orientation;
    memcpy(out + 2 + sizeof exif_template, jpeg + 2, size - 2);
    return out;
}

static void jpeg_seeds(void) {
    for (int channels = 1; channels <= 3; channels += 2) {
        for (int variant = 0; variant < 4; variant++) {
            rsr_write_options options = {.quality = 80, .chroma444 = variant == 2, .progressive = variant == 1,
                                        .icc = variant == 3 ? icc : NULL, .icc_size = variant == 3 ? sizeof icc : 0};
            rsr_writer *writer = NULL;
            char message[RSR_MESSAGE_CAPACITY];
            uint32_t width = 37, height = 21;
            if (rsr_jpeg_writer_open(&writer, -1, width, height, channels, 8, &options, message) != RSR_STATUS_OK) continue;
            uint8_t *rows = malloc((size_t)width * height * channels);
            for (size_t i = 0; i < (size_t)width * height * channels; i++) rows[i] = (uint8_t)(i * 13);
            rsr_writer_write_rows(writer, rows, height);
            free(rows);
            if (rsr_writer_finish(writer) == RSR_STATUS_OK) {
                size_t size = 0;
                const uint8_t *bytes = rsr_writer_buffer(writer, &size);
                const char *names[] = {"baseline", "progressive", "444", "icc"};
                char name[128];
                snprintf(name, sizeof name, "%s-%s.jpg", channels == 1 ? "gray" : "rgb", names[variant]);
                put_with_truncations("jpeg", name, bytes, size);
                if (variant == 0) {
                    for (int orientation = 1; orientation <= 8; orientation += 3) {
                        size_t exif_size = 0;
                        uint8_t *exif = with_exif(bytes, size, orientation, &exif_size);
                        snprintf(name, sizeof name, "%s-exif%d.jpg", channels == 1 ? "gray" : "rgb", orientation);
                        put("jpeg", name, exif, exif_size);
                        free(exif);
                    }
                }
            }
            rsr_writer_destroy(writer);
        }
    }
    uint8_t cmyk[16 * 8 * 4];
    for (size_t i = 0; i < sizeof cmyk; i++) cmyk[i] = (uint8_t)(i * 11);
    const char *cmyk_names[] = {"cmyk.jpg", "cmyk-adobe.jpg", "ycck-adobe.jpg"};
    for (int adobe = 0; adobe < 3; adobe++) {
        uint8_t *out = NULL;
        size_t size = 0;
        char message[RSR_MESSAGE_CAPACITY];
        if (rsr_jpeg_encode_cmyk(16, 8, cmyk, 85, adobe, &out, &size, message) != RSR_STATUS_OK) continue;
        put_with_truncations("jpeg", cmyk_names[adobe], out, size);
        rsr_test_free(out);
    }
    uint8_t gray[24 * 16 * 3];
    for (size_t i = 0; i < sizeof gray; i++) gray[i] = (uint8_t)(i * 5);
    for (int band = 1; band <= 32; band *= 4) {
        uint8_t *out = NULL;
        size_t size = 0;
        if (rsr_jpeg_encode_scans(24, 16, 3, gray, band, &out, &size) != RSR_STATUS_OK) continue;
        char name[64];
        snprintf(name, sizeof name, "scans-band%d.jpg", band);
        put("jpeg", name, out, size);
        rsr_test_free(out);
    }
}

/// A safetensors file: u64 header length, JSON header, F32 data.
static void put_safetensors(const char *name, const char *header, size_t data_floats) {
    size_t header_length = strlen(header);
    size_t size = 8 + header_length + data_floats * 4;
    uint8_t *bytes = calloc(1, size);
    for (int i = 0; i < 8; i++) bytes[i] = (uint8_t)((uint64_t)header_length >> (8 * i));
    memcpy(bytes + 8, header, header_length);
    for (size_t i = 0; i < data_floats; i++) {
        float value = (float)i * 0.01f;
        memcpy(bytes + 8 + header_length + 4 * i, &value, 4);
    }
    put_with_truncations("safetensors", name, bytes, size);
    free(bytes);
}

static void safetensors_seeds(void) {
    put_safetensors("one.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", 6);
    put_safetensors("meta.safetensors",
                    "{\"__metadata__\":{\"scale\":\"2\",\"format\":\"rsr\"},\"a\":{\"dtype\":\"F32\",\"shape\":[4],"
                    "\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[1,1,2,2],\"data_offsets\":[16,32]}}", 8);
    put_safetensors("f16.safetensors", "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 1);
    put_safetensors("overlap.safetensors",
                    "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
                    "\"data_offsets\":[4,12]}}", 3);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]); return 2; }
    root = argv[1];
    const char *kinds[] = {"png", "jpeg", "safetensors"};
    mkdir(root, 0755);
    for (int i = 0; i < 3; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", root, kinds[i]);
        mkdir(path, 0755);
    }
    make_icc();
    png_seeds();
    jpeg_seeds();
    safetensors_seeds();
    printf("%d seed files in %s\n", written, root);
    return 0;
}
