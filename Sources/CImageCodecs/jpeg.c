// JPEG decode and row-by-row encode over libjpeg-turbo.
//
// libjpeg calls error_exit on fatal errors; ours formats the message into a buffer and longjmps to the
// setjmp of the exported function (or writer hook) that is running: the decode's header, layout and
// rows steps are static functions called inside that one frame, so a longjmp never unwinds through a
// Swift frame.
#include "writer.h"
#include <jpeglib.h>
#include <jerror.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
    volatile rsr_status failure; // what a longjmp means: CORRUPT from libjpeg, TOO_LARGE from the limits below
} error_manager;

static void on_jpeg_error(j_common_ptr info) {
    error_manager *manager = (error_manager *)info->err;
    char text[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, text);
    RSR_MESSAGE(manager->message, "%s", text);
    longjmp(manager->jump, 1);
}

// libjpeg only warns about damaged or missing scan data (a premature end, a marker inside the data,
// a bad Huffman code, a lost restart marker, a bad progression) and fills what it could not decode
// with grey; an incomplete image must fail, so those warnings are errors. The harmless ones (stray
// bytes between markers, an unknown JFIF version, an odd Adobe transform or ICC chunk) are
// tolerated, as every common viewer does (docs/formats.md).
static void on_jpeg_message(j_common_ptr info, int level) {
    if (level >= 0) return;
    switch (info->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
        on_jpeg_error(info);
        break;
    default:
        break;
    }
    info->err->num_warnings++;
}

// Each scan of a progressive JPEG is a pass over every coefficient of the image, so a small file of
// thousands of tiny scans costs minutes of CPU; libjpeg-turbo's advice is a scan limit in a progress
// monitor. The monitor also enforces the caller's time limit (rsr_set_decode_time_limit).
static void on_jpeg_progress(j_common_ptr info) {
    if (!info->is_decompressor) return;
    error_manager *manager = (error_manager *)info->err;
    int scans = ((j_decompress_ptr)info)->input_scan_number;
    if (scans > RSR_JPEG_MAX_SCANS) {
        RSR_MESSAGE(manager->message, "JPEG has more than %d scans (a decompression-cost bomb)", RSR_JPEG_MAX_SCANS);
        manager->failure = RSR_STATUS_TOO_LARGE;
        longjmp(manager->jump, 1);
    }
    if (rsr_decode_time_exceeded()) {
        RSR_MESSAGE(manager->message, "decoding took longer than the time allowed");
        manager->failure = RSR_STATUS_TOO_LARGE;
        longjmp(manager->jump, 1);
    }
}

static void install_error_manager(error_manager *manager, char *message) {
    jpeg_std_error(&manager->base);
    manager->base.error_exit = on_jpeg_error;
    manager->base.emit_message = on_jpeg_message;
    manager->message = message;
    manager->failure = RSR_STATUS_CORRUPT;
}

// MARK: - Decode

static rsr_color_space jpeg_color_space(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return RSR_COLOR_GRAY;
    case JCS_RGB: return RSR_COLOR_RGB;
    case JCS_YCbCr: return RSR_COLOR_YCBCR;
    case JCS_CMYK: return RSR_COLOR_CMYK;
    case JCS_YCCK: return RSR_COLOR_YCCK;
    default: return RSR_COLOR_UNKNOWN;
    }
}

/// Packs the saved APP markers as [marker u8][length u32 LE][bytes] for the Swift side to parse.
static rsr_status pack_markers(struct jpeg_decompress_struct *info, rsr_decoded *out) {
    size_t total = 0;
    for (jpeg_saved_marker_ptr marker = info->marker_list; marker; marker = marker->next)
        total += 5 + marker->data_length;
    if (total == 0) return RSR_STATUS_OK;
    out->markers = malloc(total);
    if (!out->markers) {
        RSR_MESSAGE(out->message, "out of memory");
        return RSR_STATUS_NO_MEMORY;
    }
    uint8_t *cursor = out->markers;
    for (jpeg_saved_marker_ptr marker = info->marker_list; marker; marker = marker->next) {
        uint32_t length = marker->data_length;
        cursor[0] = marker->marker;
        for (int i = 0; i < 4; i++) cursor[1 + i] = (uint8_t)(length >> (8 * i));
        memcpy(cursor + 5, marker->data, length);
        cursor += 5 + length;
    }
    out->markers_size = total;
    return RSR_STATUS_OK;
}

/// CMYK to RGB without a colour profile: R = (1 - C)(1 - K), and so on, in 8-bit arithmetic.
/// Adobe applications (the files carrying an APP14 "Adobe" marker) store CMYK inverted, i.e. the
/// stored value already is 1 - C, so then R = C' K'. libjpeg has already turned YCCK into CMYK.
static void cmyk_to_rgb(const uint8_t *cmyk, uint8_t *rgb, uint32_t width, int inverted) {
    for (uint32_t x = 0; x < width; x++) {
        unsigned c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
        if (!inverted) {
            c = 255 - c;
            m = 255 - m;
            y = 255 - y;
            k = 255 - k;
        }
        rgb[3 * x] = (uint8_t)((c * k + 127) / 255);
        rgb[3 * x + 1] = (uint8_t)((m * k + 127) / 255);
        rgb[3 * x + 2] = (uint8_t)((y * k + 127) / 255);
    }
}

/// The header step: the markers up to the first scan, the size check, and (header call only) the
/// APP1/APP2 markers for orientation and ICC.
static rsr_status read_jpeg_header(j_decompress_ptr info, uint64_t max_pixels, int want_markers, rsr_decoded *out) {
    if (want_markers) {
        jpeg_save_markers(info, JPEG_APP0 + 1, 0xFFFF); // Exif (orientation)
        jpeg_save_markers(info, JPEG_APP0 + 2, 0xFFFF); // ICC_PROFILE chunks
    }
    jpeg_read_header(info, TRUE);
    out->width = info->image_width;
    out->height = info->image_height;
    out->source_bit_depth = info->data_precision;
    out->source_color = jpeg_color_space(info->jpeg_color_space);
    out->interlaced = jpeg_has_multiple_scans(info);
    rsr_status status = rsr_check_size(info->image_width, info->image_height, 4, max_pixels, out->message);
    return status == RSR_STATUS_OK ? pack_markers(info, out) : status;
}

/// The layout step: 8-bit gray or RGB out; CMYK and YCCK come out as CMYK for cmyk_to_rgb.
static rsr_status set_jpeg_layout(j_decompress_ptr info, rsr_decoded *out) {
    switch (info->jpeg_color_space) {
    case JCS_GRAYSCALE: info->out_color_space = JCS_GRAYSCALE; break;
    case JCS_CMYK:
    case JCS_YCCK: info->out_color_space = JCS_CMYK; break;
    case JCS_YCbCr:
    case JCS_RGB: info->out_color_space = JCS_RGB; break;
    default:
        RSR_MESSAGE(out->message, "unsupported JPEG colour space (%d components)", info->num_components);
        return RSR_STATUS_UNSUPPORTED;
    }
    out->channels = info->out_color_space == JCS_GRAYSCALE ? 1 : 3;
    out->bit_depth = 8;
    out->pixels_size = (size_t)info->image_width * out->channels * info->image_height;
    return RSR_STATUS_OK;
}

/// The rows step: every scanline straight into pixels (CMYK through cmyk_row, one row of 4 samples
/// per pixel), then the end of the file.
static rsr_status read_jpeg_rows(j_decompress_ptr info, void *pixels, uint8_t *cmyk_row, rsr_decoded *out) {
    jpeg_start_decompress(info);
    if (info->output_width != info->image_width || info->output_height != info->image_height) {
        RSR_MESSAGE(out->message, "unexpected output size");
        return RSR_STATUS_UNSUPPORTED;
    }
    size_t row_bytes = (size_t)info->output_width * out->channels;
    while (info->output_scanline < info->output_height) {
        uint8_t *row = (uint8_t *)pixels + (size_t)info->output_scanline * row_bytes;
        JSAMPROW target = cmyk_row ? cmyk_row : row;
        if (jpeg_read_scanlines(info, &target, 1) != 1) {
            RSR_MESSAGE(out->message, "file is truncated");
            return RSR_STATUS_CORRUPT;
        }
        if (cmyk_row) cmyk_to_rgb(cmyk_row, row, info->output_width, info->saw_Adobe_marker);
    }
    jpeg_finish_decompress(info);
    return RSR_STATUS_OK;
}

rsr_status rsr_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, void *pixels,
                           size_t pixels_capacity, rsr_decoded *out) {
    memset(out, 0, sizeof *out);
    if (size < 3 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF) {
        RSR_MESSAGE(out->message, "not a JPEG file");
        return RSR_STATUS_CORRUPT;
    }
    struct jpeg_decompress_struct info;
    error_manager errors;
    install_error_manager(&errors, out->message);
    info.err = &errors.base;
    struct jpeg_progress_mgr progress = {.progress_monitor = on_jpeg_progress};
    uint8_t *volatile cmyk_row = NULL;
    volatile rsr_status status = RSR_STATUS_OK;
    if (setjmp(errors.jump)) {
        status = errors.failure; // a libjpeg error or a limit in any of the steps below lands here
    } else {
        jpeg_create_decompress(&info);
        info.progress = &progress;
        jpeg_mem_src(&info, data, (unsigned long)size);
        status = read_jpeg_header(&info, max_pixels, !pixels, out);
        if (status == RSR_STATUS_OK) status = set_jpeg_layout(&info, out);
        if (status == RSR_STATUS_OK && pixels) {
            if (pixels_capacity < out->pixels_size) {
                RSR_MESSAGE(out->message, "pixel buffer too small");
                status = RSR_STATUS_INVALID_ARGUMENT;
            } else if (info.out_color_space == JCS_CMYK && !(cmyk_row = malloc((size_t)info.image_width * 4))) {
                RSR_MESSAGE(out->message, "out of memory for %ux%u pixels", info.image_width, info.image_height);
                status = RSR_STATUS_NO_MEMORY;
            } else {
                status = read_jpeg_rows(&info, pixels, cmyk_row, out);
            }
        }
    }
    jpeg_destroy_decompress(&info);
    free(cmyk_row);
    if (status != RSR_STATUS_OK) rsr_decoded_free(out); // keeps the message
    return status;
}

// MARK: - Row writer

enum { DESTINATION_BUFFER = 65536 };

/// libjpeg's output goes through the writer core (a file or memory), a buffer at a time.
typedef struct {
    struct jpeg_destination_mgr base;
    rsr_writer *writer;
    JOCTET bytes[DESTINATION_BUFFER];
} destination;

typedef struct {
    struct jpeg_compress_struct info;
    error_manager errors;
    destination output;
    int created;
} jpeg_state;

static void start_destination(j_compress_ptr info) {
    destination *output = (destination *)info->dest;
    output->base.next_output_byte = output->bytes;
    output->base.free_in_buffer = DESTINATION_BUFFER;
}

static boolean flush_destination(j_compress_ptr info) {
    destination *output = (destination *)info->dest;
    if (rsr_writer_emit(output->writer, output->bytes, DESTINATION_BUFFER)) ERREXIT(info, JERR_FILE_WRITE);
    start_destination(info);
    return TRUE;
}

static void end_destination(j_compress_ptr info) {
    destination *output = (destination *)info->dest;
    size_t used = DESTINATION_BUFFER - output->base.free_in_buffer;
    if (used > 0 && rsr_writer_emit(output->writer, output->bytes, used)) ERREXIT(info, JERR_FILE_WRITE);
}

static rsr_status write_jpeg_rows(rsr_writer *writer, const uint8_t *rows, uint32_t count) {
    jpeg_state *state = writer->state;
    if (setjmp(state->errors.jump)) return RSR_STATUS_IO;
    for (uint32_t y = 0; y < count; y++) {
        JSAMPROW row = (JSAMPROW)(rows + (size_t)y * writer->row_bytes);
        jpeg_write_scanlines(&state->info, &row, 1);
    }
    return RSR_STATUS_OK;
}

static rsr_status finish_jpeg(rsr_writer *writer) {
    jpeg_state *state = writer->state;
    if (setjmp(state->errors.jump)) return RSR_STATUS_IO;
    jpeg_finish_compress(&state->info);
    return RSR_STATUS_OK;
}

static void destroy_jpeg(rsr_writer *writer) {
    jpeg_state *state = writer->state;
    if (state->created) jpeg_destroy_compress(&state->info);
}

static const rsr_writer_codec jpeg_codec = {write_jpeg_rows, finish_jpeg, destroy_jpeg};

enum { ICC_MARKER_HEADER = 14, ICC_CHUNK_CAPACITY = 65533 - ICC_MARKER_HEADER }; // 65519 bytes

/// APP2 "ICC_PROFILE\0" + sequence number (1-based) + chunk count + up to 65519 profile bytes.
static void write_icc_profile(j_compress_ptr info, const uint8_t *icc, size_t size) {
    size_t chunks = (size + ICC_CHUNK_CAPACITY - 1) / ICC_CHUNK_CAPACITY;
    for (size_t chunk = 0; chunk < chunks; chunk++) {
        size_t offset = chunk * ICC_CHUNK_CAPACITY;
        size_t length = size - offset < ICC_CHUNK_CAPACITY ? size - offset : ICC_CHUNK_CAPACITY;
        jpeg_write_m_header(info, JPEG_APP0 + 2, (unsigned)(length + ICC_MARKER_HEADER));
        const char *tag = "ICC_PROFILE";
        for (int i = 0; i < 12; i++) jpeg_write_m_byte(info, tag[i]); // includes the NUL
        jpeg_write_m_byte(info, (int)(chunk + 1));
        jpeg_write_m_byte(info, (int)chunks);
        for (size_t i = 0; i < length; i++) jpeg_write_m_byte(info, icc[offset + i]);
    }
}

rsr_status rsr_jpeg_writer_open(rsr_writer **out, int fd, uint32_t width, uint32_t height, int channels,
                                int bit_depth, const rsr_write_options *options, char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    if ((channels != 1 && channels != 3) || bit_depth != 8 || width == 0 || height == 0 ||
        width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION) {
        RSR_MESSAGE(message, "cannot write a %ux%u JPEG with %d channels at %d bits (limit %d per side, 8-bit gray or RGB)",
                    width, height, channels, bit_depth, (int)JPEG_MAX_DIMENSION);
        if (fd >= 0) close(fd);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    if (options && options->icc_size > (size_t)ICC_CHUNK_CAPACITY * 255) {
        RSR_MESSAGE(message, "ICC profile of %zu bytes does not fit in a JPEG", options->icc_size);
        if (fd >= 0) close(fd);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    rsr_writer *writer = NULL;
    rsr_status status = rsr_writer_create(&writer, fd, &jpeg_codec, sizeof(jpeg_state), height,
                                          (size_t)width * channels, message);
    if (status != RSR_STATUS_OK) return status;
    jpeg_state *state = writer->state;
    install_error_manager(&state->errors, writer->message);
    state->info.err = &state->errors.base;
    jpeg_create_compress(&state->info);
    state->created = 1;
    if (setjmp(state->errors.jump)) return rsr_writer_abandon(writer, RSR_STATUS_IO, message);
    state->output.writer = writer;
    state->output.base.init_destination = start_destination;
    state->output.base.empty_output_buffer = flush_destination;
    state->output.base.term_destination = end_destination;
    state->info.dest = &state->output.base;
    state->info.image_width = width;
    state->info.image_height = height;
    state->info.input_components = channels;
    state->info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&state->info);
    int quality = options ? options->quality : 95;
    jpeg_set_quality(&state->info, quality < 1 ? 1 : quality > 100 ? 100 : quality, TRUE);
    if (options && options->chroma444 && channels == 3) {
        state->info.comp_info[0].h_samp_factor = 1;
        state->info.comp_info[0].v_samp_factor = 1;
    }
    // Progressive mode buffers every coefficient of the image; the streaming default is sequential.
    if (options && options->progressive) jpeg_simple_progression(&state->info);
    jpeg_start_compress(&state->info, TRUE);
    if (options && options->icc && options->icc_size > 0)
        write_icc_profile(&state->info, options->icc, options->icc_size);
    *out = writer;
    return RSR_STATUS_OK;
}
