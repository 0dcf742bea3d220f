// libFuzzer harness for the JPEG decode shim: header (with APP1/APP2 marker collection), then pixels.
#include "CImageCodecs.h"
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rsr_decoded header;
    if (rsr_jpeg_decode(data, size, 4000000, NULL, 0, &header) != RSR_STATUS_OK) return 0;
    size_t bytes = header.pixels_size;
    rsr_decoded_free(&header);
    void *pixels = malloc(bytes ? bytes : 1);
    if (!pixels) return 0;
    rsr_decoded decoded;
    if (rsr_jpeg_decode(data, size, 4000000, pixels, bytes, &decoded) == RSR_STATUS_OK) rsr_decoded_free(&decoded);
    free(pixels);
    return 0;
}
