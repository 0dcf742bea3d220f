// TIFF decode over libtiff (first page). Writing is in tiff_write.c, the client I/O in tiff_io.c.
//
// Two paths: the layouts ResidualSR keeps as they are (gray / RGB with or without alpha, 8 or 16
// bits, unsigned) are read strip by strip or tile by tile into the caller's buffer; everything else
// libtiff can render (palette, 1/2/4-bit, YCbCr, CMYK, LogLuv, ...) goes through TIFFRGBAImage as
// 8-bit RGB(A), which needs a 4-byte-per-pixel raster of its own.
#include "tiff_io.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t width, height;
    uint16_t samples_per_pixel, bits_per_sample, photometric, planar, sample_format, orientation;
    int color;               // 1 gray, 3 RGB
    int alpha;               // 0 none, 1 unassociated (or unspecified), 2 associated (premultiplied)
    int direct;              // 1: read at the file's own layout; 0: through TIFFRGBAImage
} tiff_layout;

static rsr_color_space photometric_color_space(uint16_t photometric) {
    switch (photometric) {
    case PHOTOMETRIC_MINISWHITE: return RSR_COLOR_MIN_IS_WHITE;
    case PHOTOMETRIC_MINISBLACK: return RSR_COLOR_GRAY;
    case PHOTOMETRIC_RGB: return RSR_COLOR_RGB;
    case PHOTOMETRIC_PALETTE: return RSR_COLOR_PALETTE;
    case PHOTOMETRIC_MASK: return RSR_COLOR_MASK;
    case PHOTOMETRIC_SEPARATED: return RSR_COLOR_CMYK;
    case PHOTOMETRIC_YCBCR: return RSR_COLOR_YCBCR;
    case PHOTOMETRIC_CIELAB: return RSR_COLOR_CIELAB;
    case PHOTOMETRIC_LOGL: return RSR_COLOR_LOGL;
    case PHOTOMETRIC_LOGLUV: return RSR_COLOR_LOGLUV;
    default: return RSR_COLOR_UNKNOWN;
    }
}

static void read_layout(TIFF *tif, tiff_layout *layout) {
    memset(layout, 0, sizeof *layout);
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &layout->width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &layout->height);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &layout->samples_per_pixel);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &layout->bits_per_sample);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &layout->planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &layout->sample_format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &layout->orientation);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &layout->photometric)) // as libtiff's own tools guess
        layout->photometric = layout->samples_per_pixel >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
    if (layout->orientation < 1 || layout->orientation > 8) layout->orientation = 1;
    uint16_t extra_count = 0;
    uint16_t *extra = NULL;
    TIFFGetFieldDefaulted(tif, TIFFTAG_EXTRASAMPLES, &extra_count, &extra);
    int gray = layout->photometric == PHOTOMETRIC_MINISBLACK || layout->photometric == PHOTOMETRIC_MINISWHITE;
    int rgb = layout->photometric == PHOTOMETRIC_RGB;
    layout->color = rgb ? 3 : 1;
    if (extra_count > 0 && layout->samples_per_pixel > layout->color)
        layout->alpha = extra[0] == EXTRASAMPLE_ASSOCALPHA ? 2 : 1;
    layout->direct = (gray || (rgb && layout->samples_per_pixel >= 3)) && layout->samples_per_pixel >= 1 &&
                     (layout->bits_per_sample == 8 || layout->bits_per_sample == 16) &&
                     layout->sample_format == SAMPLEFORMAT_UINT;
}

/// Straight alpha from premultiplied: c = c * max / a (rounded), 0 where a is 0.
static void unpremultiply(void *pixels, size_t count, int channels, int sixteen) {
    for (size_t i = 0; i < count; i++) {
        if (sixteen) {
            uint16_t *pixel = (uint16_t *)pixels + i * channels;
            uint32_t alpha = pixel[channels - 1];
            for (int c = 0; c < channels - 1; c++) {
                uint32_t value = alpha ? ((uint32_t)pixel[c] * 65535u + alpha / 2) / alpha : 0;
                pixel[c] = (uint16_t)(value > 65535 ? 65535 : value);
            }
        } else {
            uint8_t *pixel = (uint8_t *)pixels + i * channels;
            uint32_t alpha = pixel[channels - 1];
            for (int c = 0; c < channels - 1; c++) {
                uint32_t value = alpha ? ((uint32_t)pixel[c] * 255u + alpha / 2) / alpha : 0;
                pixel[c] = (uint8_t)(value > 255 ? 255 : value);
            }
        }
    }
}

/// Reads every strip or tile of every plane and scatters the kept samples into pixels.
static rsr_status read_direct(TIFF *tif, const tiff_layout *layout, int channels, uint8_t *pixels, char *message) {
    int sample_bytes = layout->bits_per_sample / 8;
    int separate = layout->planar == PLANARCONFIG_SEPARATE && layout->samples_per_pixel > 1;
    int planes = separate ? channels : 1;
    int block_samples = separate ? 1 : layout->samples_per_pixel;
    int tiled = TIFFIsTiled(tif);
    uint32_t block_width = layout->width, block_height = layout->height;
    if (tiled) {
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &block_width);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &block_height);
    } else {
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &block_height);
        if (block_height > layout->height) block_height = layout->height;
    }
    uint64_t needed = (uint64_t)block_width * block_height * block_samples * sample_bytes;
    uint64_t declared = tiled ? (uint64_t)TIFFTileSize64(tif) : (uint64_t)TIFFStripSize64(tif);
    uint64_t image_bytes = (uint64_t)layout->width * layout->height * channels * sample_bytes;
    if (block_width == 0 || block_height == 0 || declared < needed) {
        RSR_MESSAGE(message, "invalid %s layout", tiled ? "tile" : "strip");
        return RSR_STATUS_CORRUPT;
    }
    if (needed > image_bytes + (64u << 20)) { // a tile far larger than the image: a memory bomb
        RSR_MESSAGE(message, "%s of %llu bytes is far larger than the image", tiled ? "tile" : "strip",
                    (unsigned long long)needed);
        return RSR_STATUS_TOO_LARGE;
    }
    uint8_t *block = malloc((size_t)declared);
    if (!block) {
        RSR_MESSAGE(message, "out of memory");
        return RSR_STATUS_NO_MEMORY;
    }
    size_t pixel_bytes = (size_t)channels * sample_bytes;
    size_t row_bytes = (size_t)layout->width * pixel_bytes;
    size_t block_pixel_bytes = (size_t)block_samples * sample_bytes;
    rsr_status status = RSR_STATUS_OK;
    for (int plane = 0; plane < planes && status == RSR_STATUS_OK; plane++) {
        for (uint32_t y = 0; y < layout->height && status == RSR_STATUS_OK; y += block_height) {
            for (uint32_t x = 0; x < layout->width; x += block_width) {
                if (rsr_decode_time_exceeded()) {
                    RSR_MESSAGE(message, "decoding took longer than the time allowed");
                    status = RSR_STATUS_TOO_LARGE;
                    break;
                }
                uint32_t rows = layout->height - y < block_height ? layout->height - y : block_height;
                uint32_t columns = layout->width - x < block_width ? layout->width - x : block_width;
                tmsize_t got = tiled
                    ? TIFFReadEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, (uint16_t)plane), block, (tmsize_t)declared)
                    : TIFFReadEncodedStrip(tif, TIFFComputeStrip(tif, y, (uint16_t)plane), block, (tmsize_t)declared);
                uint64_t wanted = tiled ? needed : (uint64_t)rows * block_width * block_pixel_bytes;
                if (got < 0 || (uint64_t)got < wanted) {
                    if (got >= 0) RSR_MESSAGE(message, "%s at row %u is short", tiled ? "tile" : "strip", y);
                    status = RSR_STATUS_CORRUPT;
                    break;
                }
                for (uint32_t r = 0; r < rows; r++) {
                    const uint8_t *from = block + (size_t)r * block_width * block_pixel_bytes;
                    uint8_t *to = pixels + (size_t)(y + r) * row_bytes + (size_t)x * pixel_bytes;
                    if (!separate && block_samples == channels) {
                        memcpy(to, from, (size_t)columns * pixel_bytes);
                    } else if (!separate) {
                        for (uint32_t c = 0; c < columns; c++)
                            memcpy(to + c * pixel_bytes, from + c * block_pixel_bytes, pixel_bytes);
                    } else {
                        to += (size_t)plane * sample_bytes;
                        for (uint32_t c = 0; c < columns; c++)
                            memcpy(to + c * pixel_bytes, from + (size_t)c * sample_bytes, sample_bytes);
                    }
                }
            }
        }
    }
    free(block);
    if (status != RSR_STATUS_OK) return status;
    size_t count = (size_t)layout->width * layout->height;
    if (layout->photometric == PHOTOMETRIC_MINISWHITE) {
        for (size_t i = 0; i < count; i++) {
            if (sample_bytes == 2) ((uint16_t *)pixels)[i * channels] ^= 0xFFFF;
            else pixels[i * channels] ^= 0xFF;
        }
    }
    if (layout->alpha == 2) unpremultiply(pixels, count, channels, sample_bytes == 2);
    return RSR_STATUS_OK;
}

/// Renders through libtiff's RGBA reader (premultiplied 8-bit ABGR words) at the stored orientation.
static rsr_status read_rgba(TIFF *tif, const tiff_layout *layout, int channels, uint8_t *pixels, char *message) {
    char reason[1024] = "";
    TIFFRGBAImage image;
    if (!TIFFRGBAImageBegin(&image, tif, 1, reason)) {
        RSR_MESSAGE(message, "%s", reason[0] ? reason : "unsupported layout");
        return RSR_STATUS_UNSUPPORTED;
    }
    image.req_orientation = image.orientation; // no flips: the caller applies the orientation
    size_t count = (size_t)layout->width * layout->height;
    uint32_t *raster = malloc(count * sizeof *raster);
    rsr_status status = RSR_STATUS_OK;
    if (!raster) {
        RSR_MESSAGE(message, "out of memory for %ux%u pixels", layout->width, layout->height);
        status = RSR_STATUS_NO_MEMORY;
    } else if (!TIFFRGBAImageGet(&image, raster, layout->width, layout->height)) {
        status = RSR_STATUS_CORRUPT;
    }
    TIFFRGBAImageEnd(&image);
    if (status == RSR_STATUS_OK) {
        for (size_t i = 0; i < count; i++) {
            uint32_t word = raster[i];
            uint8_t *pixel = pixels + i * channels;
            pixel[0] = (uint8_t)TIFFGetR(word);
            pixel[1] = (uint8_t)TIFFGetG(word);
            pixel[2] = (uint8_t)TIFFGetB(word);
            if (channels == 4) pixel[3] = (uint8_t)TIFFGetA(word);
        }
        if (channels == 4) unpremultiply(pixels, count, 4, 0);
    }
    free(raster);
    return status;
}

rsr_status rsr_tiff_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out) {
    memset(out, 0, sizeof *out);
    out->srgb_intent = -1;
    int little = size >= 4 && data[0] == 'I' && data[1] == 'I' && (data[2] == 42 || data[2] == 43) && data[3] == 0;
    int big = size >= 4 && data[0] == 'M' && data[1] == 'M' && data[2] == 0 && (data[3] == 42 || data[3] == 43);
    if (!little && !big) {
        RSR_MESSAGE(out->message, "not a TIFF file");
        return RSR_STATUS_CORRUPT;
    }
    rsr_tiff_io io = {.data = data, .size = size, .fd = -1, .message = out->message};
    // libtiff's own buffers (strip offsets, compressed strips) never need more than the file or the
    // largest image allowed.
    uint64_t max_alloc = max_pixels * 8 > size ? max_pixels * 8 : size;
    if (max_alloc < (64u << 20)) max_alloc = 64u << 20;
    TIFF *tif = rsr_tiff_open(&io, "r", max_alloc);
    if (!tif) return RSR_STATUS_CORRUPT;
    tiff_layout layout;
    read_layout(tif, &layout);
    if (io.errors) { // a tag's data past the end of the file, say
        TIFFClose(tif);
        return rsr_decode_failed(out, RSR_STATUS_CORRUPT);
    }
    rsr_status status = rsr_check_size(layout.width, layout.height, 8, max_pixels, out->message);
    if (status != RSR_STATUS_OK) goto done;
    out->width = layout.width;
    out->height = layout.height;
    out->orientation = layout.orientation;
    out->source_bit_depth = layout.bits_per_sample;
    out->source_color = photometric_color_space(layout.photometric);
    out->source_alpha = layout.alpha != 0;
    out->interlaced = TIFFIsTiled(tif); // reported as "tiled" for TIFF
    out->channels = layout.direct ? layout.color + (layout.alpha ? 1 : 0) : (layout.alpha ? 4 : 3);
    out->bit_depth = layout.direct ? layout.bits_per_sample : 8;
    out->pixels_size = (size_t)layout.width * layout.height * out->channels * (out->bit_depth / 8);
    if (!layout.direct) {
        char reason[1024] = "";
        if (!TIFFRGBAImageOK(tif, reason)) {
            RSR_MESSAGE(out->message, "%s", reason[0] ? reason : "unsupported layout");
            status = RSR_STATUS_UNSUPPORTED;
            goto done;
        }
    }
    if (!pixels) {
        uint32_t icc_size = 0;
        void *icc = NULL;
        if (TIFFGetField(tif, TIFFTAG_ICCPROFILE, &icc_size, &icc) && icc && icc_size > 0)
            status = rsr_copy_bytes(&out->icc, &out->icc_size, icc, icc_size, out->message);
        // Counting walks every directory; a damaged later one must not fail the first page.
        int errors = io.errors;
        out->pages = TIFFNumberOfDirectories(tif);
        if (io.errors != errors) {
            io.errors = errors;
            out->message[0] = 0;
        }
        goto done;
    }
    if (pixels_capacity < out->pixels_size) {
        RSR_MESSAGE(out->message, "pixel buffer too small");
        status = RSR_STATUS_INVALID_ARGUMENT;
        goto done;
    }
    status = layout.direct ? read_direct(tif, &layout, out->channels, pixels, out->message)
                           : read_rgba(tif, &layout, out->channels, pixels, out->message);
    if (status == RSR_STATUS_CORRUPT && out->message[0] == 0) RSR_MESSAGE(out->message, "cannot read the image data");

done:
    TIFFClose(tif);
    return status == RSR_STATUS_OK ? status : rsr_decode_failed(out, status);
}
