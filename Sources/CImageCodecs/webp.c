// WebP decode and encode over libwebp, with WebPDemux/WebPMux for the ICCP and EXIF chunks.
//
// libwebp reports errors as status codes (no longjmp), so there is no setjmp here. It has no row
// API in either direction: a decode fills the whole caller buffer in one call, and the writer
// collects every row before encoding in finish (docs/formats.md gives the memory cost).
#include "writer.h"
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
#include <webp/mux.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *decode_reason(VP8StatusCode code) {
    switch (code) {
    case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
    case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR: return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
    case VP8_STATUS_SUSPENDED: return "decoding suspended";
    case VP8_STATUS_USER_ABORT: return "decoding aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA: return "file is truncated";
    default: return "unknown error";
    }
}

static rsr_status decode_status(VP8StatusCode code) {
    switch (code) {
    case VP8_STATUS_OK: return RSR_STATUS_OK;
    case VP8_STATUS_OUT_OF_MEMORY: return RSR_STATUS_NO_MEMORY;
    case VP8_STATUS_UNSUPPORTED_FEATURE: return RSR_STATUS_UNSUPPORTED;
    default: return RSR_STATUS_CORRUPT;
    }
}

/// Copies the ICCP and EXIF chunks. A file whose container WebPDemux rejects is corrupt even when the
/// bitstream alone would decode (for instance a VP8X file cut before its metadata chunks).
static rsr_status read_metadata(const uint8_t *data, size_t size, rsr_decoded *out) {
    WebPData bytes = {data, size};
    WebPDemuxer *demux = WebPDemux(&bytes);
    if (!demux) {
        RSR_MESSAGE(out->message, "invalid container (truncated or malformed RIFF chunks)");
        return RSR_STATUS_CORRUPT;
    }
    uint32_t flags = WebPDemuxGetI(demux, WEBP_FF_FORMAT_FLAGS);
    rsr_status status = RSR_STATUS_OK;
    WebPChunkIterator chunk;
    if ((flags & ICCP_FLAG) && WebPDemuxGetChunk(demux, "ICCP", 1, &chunk)) {
        status = rsr_copy_bytes(&out->icc, &out->icc_size, chunk.chunk.bytes, chunk.chunk.size, out->message);
        WebPDemuxReleaseChunkIterator(&chunk);
    }
    if (status == RSR_STATUS_OK && (flags & EXIF_FLAG) && WebPDemuxGetChunk(demux, "EXIF", 1, &chunk)) {
        status = rsr_copy_bytes(&out->exif, &out->exif_size, chunk.chunk.bytes, chunk.chunk.size, out->message);
        WebPDemuxReleaseChunkIterator(&chunk);
    }
    WebPDemuxDelete(demux);
    return status;
}

rsr_status rsr_webp_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out) {
    memset(out, 0, sizeof *out);
    out->srgb_intent = -1;
    if (size < 12 || memcmp(data, "RIFF", 4) != 0 || memcmp(data + 8, "WEBP", 4) != 0) {
        RSR_MESSAGE(out->message, "not a WebP file");
        return RSR_STATUS_CORRUPT;
    }
    WebPBitstreamFeatures features;
    VP8StatusCode code = WebPGetFeatures(data, size, &features);
    if (code != VP8_STATUS_OK) {
        RSR_MESSAGE(out->message, "%s", decode_reason(code));
        return decode_status(code);
    }
    if (features.has_animation) {
        RSR_MESSAGE(out->message, "animated WebP is not supported (extract a frame first, e.g. `webpmux -get frame 1`)");
        return RSR_STATUS_UNSUPPORTED;
    }
    out->width = (uint32_t)features.width;
    out->height = (uint32_t)features.height;
    out->channels = features.has_alpha ? 4 : 3;
    out->bit_depth = 8;
    out->source_bit_depth = 8;
    out->pages = 1;
    out->source_color = RSR_COLOR_RGB;
    out->source_alpha = features.has_alpha != 0;
    out->lossless = features.format == 2;
    rsr_status status = rsr_check_size(out->width, out->height, 4, max_pixels, out->message);
    if (status != RSR_STATUS_OK) return rsr_decode_failed(out, status);
    size_t row_bytes = (size_t)out->width * out->channels;
    out->pixels_size = row_bytes * out->height;
    if (!pixels) {
        status = read_metadata(data, size, out);
        return status == RSR_STATUS_OK ? status : rsr_decode_failed(out, status);
    }
    if (pixels_capacity < out->pixels_size) {
        RSR_MESSAGE(out->message, "pixel buffer too small");
        return rsr_decode_failed(out, RSR_STATUS_INVALID_ARGUMENT);
    }
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) {
        RSR_MESSAGE(out->message, "libwebp version mismatch");
        return rsr_decode_failed(out, RSR_STATUS_UNSUPPORTED);
    }
    config.output.colorspace = features.has_alpha ? MODE_RGBA : MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = pixels;
    config.output.u.RGBA.stride = (int)row_bytes;
    config.output.u.RGBA.size = out->pixels_size;
    code = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);
    if (code != VP8_STATUS_OK) {
        RSR_MESSAGE(out->message, "%s", decode_reason(code));
        return rsr_decode_failed(out, decode_status(code));
    }
    return RSR_STATUS_OK;
}

// MARK: - Writer

typedef struct {
    rsr_held_image held;   // first: the frame and the metadata embedded when the file is finished
    int quality, lossless, effort;
} webp_state;

static const char *encode_reason(WebPEncodingError error) {
    switch (error) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY:
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory";
    case VP8_ENC_ERROR_BAD_DIMENSION: return "bad dimensions";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW:
    case VP8_ENC_ERROR_PARTITION_OVERFLOW: return "partition overflow (try a lower quality)";
    case VP8_ENC_ERROR_FILE_TOO_BIG: return "file too big (4 GB limit)";
    default: return "encoder error";
    }
}

/// Encodes the collected frame into a bare VP8/VP8L file (WebPMemoryWriter).
static rsr_status encode_frame(rsr_writer *writer, webp_state *state, WebPMemoryWriter *memory) {
    WebPConfig config;
    int ready = state->lossless ? WebPConfigInit(&config) && WebPConfigLosslessPreset(&config, state->effort)
                                : WebPConfigPreset(&config, WEBP_PRESET_DEFAULT, (float)state->quality);
    if (state->lossless) config.exact = 1;
    config.thread_level = 1;
    if (!ready || !WebPValidateConfig(&config)) {
        RSR_MESSAGE(writer->message, "invalid WebP encoder settings");
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    WebPPicture picture;
    if (!WebPPictureInit(&picture)) {
        RSR_MESSAGE(writer->message, "libwebp version mismatch");
        return RSR_STATUS_UNSUPPORTED;
    }
    rsr_frame *frame = &state->held.frame;
    picture.width = (int)frame->width;
    picture.height = (int)frame->height;
    picture.use_argb = state->lossless;
    int stride = (int)rsr_frame_row_bytes(frame);
    int imported = frame->stored_channels == 4 ? WebPPictureImportRGBA(&picture, frame->pixels, stride)
                                               : WebPPictureImportRGB(&picture, frame->pixels, stride);
    rsr_frame_release(frame); // the picture holds its own copy (ARGB or YUV 4:2:0) now
    if (!imported) {
        WebPPictureFree(&picture);
        RSR_MESSAGE(writer->message, "out of memory for %ux%u pixels", frame->width, frame->height);
        return RSR_STATUS_NO_MEMORY;
    }
    picture.writer = WebPMemoryWrite;
    picture.custom_ptr = memory;
    int encoded = WebPEncode(&config, &picture);
    WebPEncodingError error = picture.error_code;
    WebPPictureFree(&picture);
    if (!encoded) {
        RSR_MESSAGE(writer->message, "%s", encode_reason(error));
        return error == VP8_ENC_ERROR_OUT_OF_MEMORY ? RSR_STATUS_NO_MEMORY : RSR_STATUS_IO;
    }
    return RSR_STATUS_OK;
}

/// The bitstream, wrapped by WebPMux in a VP8X container with ICCP and EXIF chunks when there are any.
static rsr_status emit_file(rsr_writer *writer, webp_state *state, const WebPMemoryWriter *memory) {
    const rsr_metadata *metadata = &state->held.metadata;
    WebPData assembled = {memory->mem, memory->size};
    int muxed = metadata->icc || metadata->exif;
    if (muxed) {
        WebPMux *mux = WebPMuxNew();
        WebPData image = {memory->mem, memory->size}, icc = {metadata->icc, metadata->icc_size},
                 exif = {metadata->exif, metadata->exif_size};
        assembled = (WebPData){NULL, 0};
        int ok = mux && WebPMuxSetImage(mux, &image, 0) == WEBP_MUX_OK &&
                 (!metadata->icc || WebPMuxSetChunk(mux, "ICCP", &icc, 0) == WEBP_MUX_OK) &&
                 (!metadata->exif || WebPMuxSetChunk(mux, "EXIF", &exif, 0) == WEBP_MUX_OK) &&
                 WebPMuxAssemble(mux, &assembled) == WEBP_MUX_OK;
        WebPMuxDelete(mux);
        if (!ok) {
            WebPDataClear(&assembled);
            RSR_MESSAGE(writer->message, "cannot add the ICC profile / EXIF chunks");
            return RSR_STATUS_IO;
        }
    }
    const char *failure = rsr_writer_emit(writer, assembled.bytes, assembled.size);
    if (muxed) WebPDataClear(&assembled);
    if (failure) {
        RSR_MESSAGE(writer->message, "%s", failure);
        return RSR_STATUS_IO;
    }
    return RSR_STATUS_OK;
}

static rsr_status finish_webp(rsr_writer *writer) {
    webp_state *state = writer->state;
    WebPMemoryWriter memory;
    WebPMemoryWriterInit(&memory);
    rsr_status status = encode_frame(writer, state, &memory);
    if (status == RSR_STATUS_OK) status = emit_file(writer, state, &memory);
    WebPMemoryWriterClear(&memory);
    return status;
}

static const rsr_writer_codec webp_codec = {rsr_held_write_rows, finish_webp, rsr_held_destroy};

rsr_status rsr_webp_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                                int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    rsr_write_options chosen = options ? *options : (rsr_write_options){.quality = RSR_DEFAULT_WEBP_QUALITY};
    rsr_status status = RSR_STATUS_OK;
    if (channels < 1 || channels > 4 || bit_depth != 8 || width == 0 || height == 0 ||
        width > RSR_WEBP_MAX_DIMENSION || height > RSR_WEBP_MAX_DIMENSION) {
        RSR_MESSAGE(message, "cannot write a %ux%u WebP with %d channels at %d bits (8-bit, at most %d pixels per side)",
                    width, height, channels, bit_depth, (int)RSR_WEBP_MAX_DIMENSION);
        status = RSR_STATUS_INVALID_ARGUMENT;
    } else if (!chosen.lossless && (chosen.quality < 1 || chosen.quality > 100)) {
        RSR_MESSAGE(message, "WebP quality must be 1-100, got %d", chosen.quality);
        status = RSR_STATUS_INVALID_ARGUMENT;
    } else if (chosen.lossless && (chosen.effort < 0 || chosen.effort > 9)) {
        RSR_MESSAGE(message, "WebP lossless effort must be 0-9, got %d", chosen.effort);
        status = RSR_STATUS_INVALID_ARGUMENT;
    }
    if (status != RSR_STATUS_OK) {
        if (fd >= 0) close(fd);
        return status;
    }
    status = rsr_held_writer_create(out, fd, &webp_codec, sizeof(webp_state), width, height, channels, 1, &chosen,
                                    message);
    if (status != RSR_STATUS_OK) return status;
    webp_state *state = (*out)->state;
    state->quality = chosen.quality;
    state->lossless = chosen.lossless;
    state->effort = chosen.effort;
    return RSR_STATUS_OK;
}
