// Test support: CMYK and YCCK JPEGs, with and without the Adobe marker.
#include "CImageTestSupport.h"
#include <stdio.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *message;
} error_manager;

static void on_error(j_common_ptr info) {
    error_manager *manager = (error_manager *)info->err;
    char text[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, text);
    snprintf(manager->message, RSR_MESSAGE_CAPACITY, "%s", text);
    longjmp(manager->jump, 1);
}

rsr_status rsr_jpeg_encode_cmyk(uint32_t width, uint32_t height, const uint8_t *samples, int quality,
                                int adobe_marker, uint8_t **out, size_t *out_size,
                                char message[RSR_MESSAGE_CAPACITY]) {
    *out = NULL;
    *out_size = 0;
    struct jpeg_compress_struct info;
    error_manager errors;
    info.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = on_error;
    errors.message = message;
    unsigned char *buffer = NULL;
    unsigned long size = 0;
    jpeg_create_compress(&info);
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&info);
        free(buffer);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = width;
    info.image_height = height;
    info.input_components = 4;
    info.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    if (adobe_marker == 2) jpeg_set_colorspace(&info, JCS_YCCK); // writes the Adobe marker itself
    else info.write_Adobe_marker = adobe_marker ? TRUE : FALSE;
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < height) {
        JSAMPROW row = (JSAMPROW)(samples + (size_t)info.next_scanline * width * 4);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *out = buffer;
    *out_size = size;
    return RSR_STATUS_OK;
}
