// AVIF decode and encode over libavif (Debian's build: dav1d decodes, libaom encodes).
//
// libavif reports errors as avifResult codes plus a diagnostics string (no longjmp). Like WebP it
// has no row API: the decoder converts a whole YUV frame, and the writer collects every row.
#include "common.h"
#include <avif/avif.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_DIMENSION = 65536 }; // AV1 stores frame sizes in 16 bits (minus one)

static rsr_status result_status(avifResult result) {
    switch (result) {
    case AVIF_RESULT_OK: return RSR_STATUS_OK;
    case AVIF_RESULT_OUT_OF_MEMORY: return RSR_STATUS_NO_MEMORY;
    case AVIF_RESULT_NO_CODEC_AVAILABLE:
    case AVIF_RESULT_NOT_IMPLEMENTED: return RSR_STATUS_UNSUPPORTED;
    default: return RSR_STATUS_CORRUPT;
    }
}

static void report(char *message, avifResult result, const avifDiagnostics *diagnostics) {
    if (diagnostics && diagnostics->error[0]) RSR_MESSAGE(message, "%s: %s", avifResultToString(result), diagnostics->error);
    else RSR_MESSAGE(message, "%s", avifResultToString(result));
}

/// irot (anti-clockwise quarter turns, applied first) and imir (0: top-bottom, 1: left-right) as the
/// EXIF orientation that asks for the same transform.
static int exif_orientation(const avifImage *image) {
    int angle = (image->transformFlags & AVIF_TRANSFORM_IROT) ? image->irot.angle & 3 : 0;
    int mirror = (image->transformFlags & AVIF_TRANSFORM_IMIR) ? image->imir.mode : -1;
    static const int rotation_only[4] = {1, 8, 3, 6};
    static const int top_bottom[4] = {4, 5, 2, 7};   // rotation, then a top-bottom mirror
    static const int left_right[4] = {2, 7, 4, 5};   // rotation, then a left-right mirror
    if (mirror < 0) return rotation_only[angle];
    return mirror == 0 ? top_bottom[angle] : left_right[angle];
}

static const char *yuv_name(avifPixelFormat format) {
    switch (format) {
    case AVIF_PIXEL_FORMAT_YUV444: return "YUV 4:4:4";
    case AVIF_PIXEL_FORMAT_YUV422: return "YUV 4:2:2";
    case AVIF_PIXEL_FORMAT_YUV420: return "YUV 4:2:0";
    case AVIF_PIXEL_FORMAT_YUV400: return "gray";
    default: return "unknown";
    }
}

rsr_status rsr_avif_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out) {
    memset(out, 0, sizeof *out);
    out->srgb_intent = -1;
    if (size < 12 || memcmp(data + 4, "ftyp", 4) != 0) {
        RSR_MESSAGE(out->message, "not an AVIF file");
        return RSR_STATUS_CORRUPT;
    }
    avifDecoder *decoder = avifDecoderCreate();
    if (!decoder) {
        RSR_MESSAGE(out->message, "out of memory");
        return RSR_STATUS_NO_MEMORY;
    }
    decoder->maxThreads = 2;
    decoder->ignoreXMP = AVIF_TRUE;
    decoder->strictFlags = AVIF_STRICT_DISABLED; // as browsers: files missing a pixi or clap box still open
    rsr_status status = RSR_STATUS_OK;
    avifResult result = avifDecoderSetIOMemory(decoder, data, size);
    if (result == AVIF_RESULT_OK) result = avifDecoderParse(decoder);
    if (result != AVIF_RESULT_OK) {
        report(out->message, result, &decoder->diag);
        status = result_status(result);
        goto done;
    }
    const avifImage *image = decoder->image;
    status = rsr_check_size(image->width, image->height, 8, max_pixels, out->message);
    if (status != RSR_STATUS_OK) goto done;
    out->width = image->width;
    out->height = image->height;
    out->channels = decoder->alphaPresent ? 4 : 3;
    out->bit_depth = image->depth > 8 ? 16 : 8;
    out->source_bit_depth = (int)image->depth;
    out->source_channels = (image->yuvFormat == AVIF_PIXEL_FORMAT_YUV400 ? 1 : 3) + (decoder->alphaPresent ? 1 : 0);
    snprintf(out->source_color, sizeof out->source_color, "%s%s", yuv_name(image->yuvFormat),
             decoder->alphaPresent ? "+A" : "");
    out->orientation = exif_orientation(image);
    out->pages = decoder->imageCount;
    size_t row_bytes = (size_t)image->width * out->channels * (out->bit_depth / 8);
    out->pixels_size = row_bytes * image->height;
    if (!pixels) {
        status = rsr_copy_bytes(&out->icc, &out->icc_size, image->icc.data, image->icc.size, out->message);
        if (status == RSR_STATUS_OK)
            status = rsr_copy_bytes(&out->exif, &out->exif_size, image->exif.data, image->exif.size, out->message);
        goto done;
    }
    if (pixels_capacity < out->pixels_size) {
        RSR_MESSAGE(out->message, "pixel buffer too small");
        status = RSR_STATUS_INVALID_ARGUMENT;
        goto done;
    }
    result = avifDecoderNextImage(decoder); // the primary image, or a sequence's first frame
    if (result == AVIF_RESULT_OK) {
        avifRGBImage rgb;
        avifRGBImageSetDefaults(&rgb, decoder->image);
        rgb.format = decoder->alphaPresent ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
        rgb.depth = (uint32_t)out->bit_depth;
        rgb.alphaPremultiplied = AVIF_FALSE;
        rgb.pixels = pixels;
        rgb.rowBytes = (uint32_t)row_bytes;
        if (row_bytes > UINT32_MAX) {
            RSR_MESSAGE(out->message, "rows of %zu bytes are too long for libavif", row_bytes);
            status = RSR_STATUS_TOO_LARGE;
            goto done;
        }
        result = avifImageYUVToRGB(decoder->image, &rgb);
    }
    if (result != AVIF_RESULT_OK) {
        report(out->message, result, &decoder->diag);
        status = result_status(result);
    }

done:
    avifDecoderDestroy(decoder);
    return status == RSR_STATUS_OK ? status : rsr_decode_failed(out, status);
}

// MARK: - Writer

struct rsr_avif_writer {
    int fd;                  // -1: encode into buffer
    rsr_frame frame;
    int gray;
    int quality, speed, chroma444;
    uint8_t *icc;
    size_t icc_size;
    uint8_t *exif;
    size_t exif_size;
    avifRWData output;
    int failed, finished;
    char message[RSR_MESSAGE_CAPACITY];
};

rsr_status rsr_avif_writer_open(rsr_avif_writer **out, int fd, uint32_t width, uint32_t height,
                                int channels, int bit_depth, const rsr_avif_options *options,
                                char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    rsr_avif_options chosen = options ? *options : (rsr_avif_options){.quality = 75, .speed = 8};
    rsr_status status = RSR_STATUS_OK;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || width == 0 || height == 0 ||
        width > MAX_DIMENSION || height > MAX_DIMENSION) {
        RSR_MESSAGE(message, "cannot write a %ux%u AVIF with %d channels at %d bits (limit %d pixels per side)",
                    width, height, channels, bit_depth, (int)MAX_DIMENSION);
        status = RSR_STATUS_INVALID_ARGUMENT;
    } else if (chosen.quality < 1 || chosen.quality > 100 || chosen.speed < 0 || chosen.speed > 10) {
        RSR_MESSAGE(message, "AVIF quality must be 1-100 and speed 0-10, got %d and %d", chosen.quality, chosen.speed);
        status = RSR_STATUS_INVALID_ARGUMENT;
    }
    rsr_avif_writer *writer = status == RSR_STATUS_OK ? calloc(1, sizeof *writer) : NULL;
    if (status == RSR_STATUS_OK && !writer) {
        RSR_MESSAGE(message, "out of memory");
        status = RSR_STATUS_NO_MEMORY;
    }
    if (status != RSR_STATUS_OK) {
        if (fd >= 0) close(fd);
        return status;
    }
    writer->fd = fd;
    writer->gray = channels <= 2;
    writer->quality = chosen.quality;
    writer->speed = chosen.speed;
    writer->chroma444 = chosen.chroma444;
    status = rsr_frame_init(&writer->frame, width, height, channels, channels % 2 == 0 ? 4 : 3, bit_depth / 8, message);
    if (status == RSR_STATUS_OK)
        status = rsr_copy_bytes(&writer->icc, &writer->icc_size, chosen.icc, chosen.icc_size, message);
    if (status == RSR_STATUS_OK)
        status = rsr_copy_bytes(&writer->exif, &writer->exif_size, chosen.exif, chosen.exif_size, message);
    if (status != RSR_STATUS_OK) {
        rsr_avif_writer_destroy(writer);
        return status;
    }
    *out = writer;
    return RSR_STATUS_OK;
}

rsr_status rsr_avif_writer_write_rows(rsr_avif_writer *writer, const void *rows, uint32_t count) {
    if (writer->failed || writer->finished) {
        RSR_MESSAGE(writer->message, "writer is no longer usable");
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    return rsr_frame_append(&writer->frame, rows, count, writer->message);
}

/// Converts the collected RGB(A) frame to YUV (the frame is freed as soon as it is converted) and
/// encodes it.
static rsr_status encode_frame(rsr_avif_writer *writer) {
    rsr_frame *frame = &writer->frame;
    int sixteen = frame->bytes_per_sample == 2;
    avifPixelFormat format = writer->gray ? AVIF_PIXEL_FORMAT_YUV400
                           : writer->chroma444 ? AVIF_PIXEL_FORMAT_YUV444 : AVIF_PIXEL_FORMAT_YUV420;
    avifImage *image = avifImageCreate(frame->width, frame->height, sixteen ? 10 : 8, format);
    avifEncoder *encoder = avifEncoderCreate();
    if (!image || !encoder) {
        if (image) avifImageDestroy(image);
        if (encoder) avifEncoderDestroy(encoder);
        RSR_MESSAGE(writer->message, "out of memory");
        return RSR_STATUS_NO_MEMORY;
    }
    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, image);
    rgb.format = frame->stored_channels == 4 ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
    rgb.depth = sixteen ? 16 : 8;
    rgb.pixels = frame->pixels;
    rgb.rowBytes = (uint32_t)rsr_frame_row_bytes(frame);
    avifResult result = avifImageRGBToYUV(image, &rgb);
    rsr_frame_release(frame);
    if (result == AVIF_RESULT_OK) {
        if (writer->icc) avifImageSetProfileICC(image, writer->icc, writer->icc_size);
        if (writer->exif) {
            avifImageSetMetadataExif(image, writer->exif, writer->exif_size);
            image->transformFlags &= ~(avifTransformFlags)(AVIF_TRANSFORM_IROT | AVIF_TRANSFORM_IMIR); // pixels are upright
        }
        // libavif 1.0's quality mapping onto AV1 quantizers (0 best, 63 worst); alpha is kept lossless.
        int quantizer = ((100 - writer->quality) * AVIF_QUANTIZER_WORST_QUALITY + 50) / 100;
        encoder->minQuantizer = encoder->maxQuantizer = quantizer;
        encoder->minQuantizerAlpha = encoder->maxQuantizerAlpha = AVIF_QUANTIZER_LOSSLESS;
        encoder->speed = writer->speed;
        encoder->maxThreads = 2;
        if ((uint64_t)frame->width * frame->height >= 2000000) encoder->tileColsLog2 = encoder->tileRowsLog2 = 1;
        result = avifEncoderWrite(encoder, image, &writer->output);
    }
    if (result != AVIF_RESULT_OK) report(writer->message, result, &encoder->diag);
    avifEncoderDestroy(encoder);
    avifImageDestroy(image);
    if (result == AVIF_RESULT_OK) return RSR_STATUS_OK;
    return result == AVIF_RESULT_OUT_OF_MEMORY ? RSR_STATUS_NO_MEMORY : RSR_STATUS_IO;
}

rsr_status rsr_avif_writer_finish(rsr_avif_writer *writer) {
    if (writer->failed || writer->finished) {
        RSR_MESSAGE(writer->message, "writer is no longer usable");
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    if (writer->frame.rows_written != writer->frame.height) {
        RSR_MESSAGE(writer->message, "only %u of %u rows were written", writer->frame.rows_written,
                    writer->frame.height);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    rsr_status status = encode_frame(writer);
    if (status == RSR_STATUS_OK && writer->fd >= 0) {
        int fd = writer->fd;
        writer->fd = -1;
        status = rsr_write_file(fd, writer->output.data, writer->output.size, writer->message);
    }
    writer->failed = status != RSR_STATUS_OK;
    writer->finished = 1;
    return status;
}

const uint8_t *rsr_avif_writer_buffer(const rsr_avif_writer *writer, size_t *size) {
    *size = writer->output.size;
    return writer->output.data;
}

const char *rsr_avif_writer_message(const rsr_avif_writer *writer) { return writer->message; }

void rsr_avif_writer_destroy(rsr_avif_writer *writer) {
    if (!writer) return;
    if (writer->fd >= 0) close(writer->fd);
    rsr_frame_release(&writer->frame);
    free(writer->icc);
    free(writer->exif);
    avifRWDataFree(&writer->output);
    free(writer);
}
