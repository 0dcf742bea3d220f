// Test support: progressive JPEGs with a chosen number of scans (the scan-amplification attack and
// the limit against it). Every scan is valid: spectral selection one AC coefficient band at a time.
#include "CImageTestSupport.h"
#include <stdio.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
} scan_error_manager;

static void on_scan_error(j_common_ptr info) { longjmp(((scan_error_manager *)info->err)->jump, 1); }

rsr_status rsr_jpeg_encode_scans(uint32_t width, uint32_t height, int channels, const uint8_t *samples,
                                 int ac_band_width, uint8_t **out, size_t *out_size) {
    *out = NULL;
    *out_size = 0;
    if ((channels != 1 && channels != 3) || ac_band_width < 1 || ac_band_width > 63) return RSR_STATUS_INVALID_ARGUMENT;
    struct jpeg_compress_struct info;
    scan_error_manager errors;
    info.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = on_scan_error;
    unsigned char *buffer = NULL;
    unsigned long size = 0;
    // DC of every component in one scan, then each AC band of each component in a scan of its own.
    int bands = (63 + ac_band_width - 1) / ac_band_width;
    jpeg_scan_info *volatile scans = calloc((size_t)(1 + bands * channels), sizeof(jpeg_scan_info));
    if (!scans) return RSR_STATUS_NO_MEMORY;
    jpeg_create_compress(&info);
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&info);
        free(buffer);
        free(scans);
        return RSR_STATUS_INVALID_ARGUMENT;
    }
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = width;
    info.image_height = height;
    info.input_components = channels;
    info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    int count = 0;
    scans[count].comps_in_scan = channels;
    for (int c = 0; c < channels; c++) scans[count].component_index[c] = c;
    count++;
    for (int c = 0; c < channels; c++) {
        for (int start = 1; start <= 63; start += ac_band_width) {
            scans[count].comps_in_scan = 1;
            scans[count].component_index[0] = c;
            scans[count].Ss = start;
            scans[count].Se = start + ac_band_width - 1 > 63 ? 63 : start + ac_band_width - 1;
            count++;
        }
    }
    info.scan_info = scans;
    info.num_scans = count;
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < height) {
        JSAMPROW row = (JSAMPROW)(samples + (size_t)info.next_scanline * width * channels);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    free(scans);
    *out = buffer;
    *out_size = size;
    return RSR_STATUS_OK;
}
