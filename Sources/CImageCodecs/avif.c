// AVIF decode and encode over libavif (Debian's build: dav1d decodes, libaom encodes).
//
// libavif reports errors as avifResult codes plus a diagnostics string (no longjmp). Like WebP it
// has no row API: the decoder converts a whole YUV frame, and the writer collects every row.
#include "writer.h"
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

static rsr_color_space yuv_color_space(avifPixelFormat format) {
    switch (format) {
    case AVIF_PIXEL_FORMAT_YUV444: return RSR_COLOR_YUV444;
    case AVIF_PIXEL_FORMAT_YUV422: return RSR_COLOR_YUV422;
    case AVIF_PIXEL_FORMAT_YUV420: return RSR_COLOR_YUV420;
    case AVIF_PIXEL_FORMAT_YUV400: return RSR_COLOR_GRAY;
    default: return RSR_COLOR_UNKNOWN;
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
    out->source_color = yuv_color_space(image->yuvFormat);
    out->source_alpha = decoder->alphaPresent != 0;
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

typedef struct {
    rsr_held_image held;   // first: the frame and the metadata embedded when the file is finished
    int gray;
    int quality, speed, chroma444;
} avif_state;

/// Converts the collected RGB(A) frame to YUV (the frame is freed as soon as it is converted),
/// encodes it and hands the file to the writer core.
static rsr_status finish_avif(rsr_writer *writer) {
    avif_state *state = writer->state;
    rsr_frame *frame = &state->held.frame;
    int sixteen = frame->bytes_per_sample == 2;
    avifPixelFormat format = state->gray ? AVIF_PIXEL_FORMAT_YUV400
                           : state->chroma444 ? AVIF_PIXEL_FORMAT_YUV444 : AVIF_PIXEL_FORMAT_YUV420;
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
    avifRWData output = AVIF_DATA_EMPTY;
    if (result == AVIF_RESULT_OK) {
        if (state->held.metadata.icc) avifImageSetProfileICC(image, state->held.metadata.icc, state->held.metadata.icc_size);
        if (state->held.metadata.exif) {
            avifImageSetMetadataExif(image, state->held.metadata.exif, state->held.metadata.exif_size);
            image->transformFlags &= ~(avifTransformFlags)(AVIF_TRANSFORM_IROT | AVIF_TRANSFORM_IMIR); // pixels are upright
        }
        // libavif 1.0's quality mapping onto AV1 quantizers (0 best, 63 worst); alpha is kept lossless.
        int quantizer = ((100 - state->quality) * AVIF_QUANTIZER_WORST_QUALITY + 50) / 100;
        encoder->minQuantizer = encoder->maxQuantizer = quantizer;
        encoder->minQuantizerAlpha = encoder->maxQuantizerAlpha = AVIF_QUANTIZER_LOSSLESS;
        encoder->speed = state->speed;
        encoder->maxThreads = 2;
        // Tiles let libaom use both threads on large images.
        if ((uint64_t)frame->width * frame->height >= 2000000) encoder->tileColsLog2 = encoder->tileRowsLog2 = 1;
        result = avifEncoderWrite(encoder, image, &output);
    }
    rsr_status status = RSR_STATUS_OK;
    if (result != AVIF_RESULT_OK) {
        report(writer->message, result, &encoder->diag);
        status = result == AVIF_RESULT_OUT_OF_MEMORY ? RSR_STATUS_NO_MEMORY : RSR_STATUS_IO;
    } else {
        const char *failure = rsr_writer_emit(writer, output.data, output.size);
        if (failure) {
            RSR_MESSAGE(writer->message, "%s", failure);
            status = RSR_STATUS_IO;
        }
    }
    avifRWDataFree(&output);
    avifEncoderDestroy(encoder);
    avifImageDestroy(image);
    return status;
}

static const rsr_writer_codec avif_codec = {rsr_held_write_rows, finish_avif, rsr_held_destroy};

rsr_status rsr_avif_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                                int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    rsr_write_options chosen = options ? *options : (rsr_write_options){.quality = RSR_DEFAULT_AVIF_QUALITY, .speed = 8};
    rsr_status status = RSR_STATUS_OK;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || width == 0 || height == 0 ||
        width > MAX_DIMENSION || height > MAX_DIMENSION) {
        RSR_MESSAGE(message, "cannot write a %ux%u AVIF with %d channels at %d bits (at most %d pixels per side)",
                    width, height, channels, bit_depth, (int)MAX_DIMENSION);
        status = RSR_STATUS_INVALID_ARGUMENT;
    } else if (chosen.quality < 1 || chosen.quality > 100 || chosen.speed < 0 || chosen.speed > 10) {
        RSR_MESSAGE(message, "AVIF quality must be 1-100 and speed 0-10, got %d and %d", chosen.quality, chosen.speed);
        status = RSR_STATUS_INVALID_ARGUMENT;
    }
    if (status != RSR_STATUS_OK) {
        if (fd >= 0) close(fd);
        return status;
    }
    status = rsr_held_writer_create(out, fd, &avif_codec, sizeof(avif_state), width, height, channels, bit_depth / 8,
                                    &chosen, message);
    if (status != RSR_STATUS_OK) return status;
    avif_state *state = (*out)->state;
    state->gray = channels <= 2;
    state->quality = chosen.quality;
    state->speed = chosen.speed;
    state->chroma444 = chosen.chroma444;
    return RSR_STATUS_OK;
}
