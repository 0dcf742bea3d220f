// The body every decoder harness shares: the header call, then the pixel call into a buffer of
// exactly the size the header asked for (as the Swift side does). 4 Mpx keeps each input fast.
#ifndef RSR_FUZZ_DECODE_H
#define RSR_FUZZ_DECODE_H
#include "CImageCodecs.h"
#include <stdlib.h>

typedef rsr_status (*rsr_decode_function)(const uint8_t *, size_t, uint64_t, void *, size_t, rsr_decoded *);

static int rsr_fuzz_decode(rsr_decode_function decode, const uint8_t *data, size_t size) {
    rsr_decoded header;
    if (decode(data, size, 4000000, NULL, 0, &header) != RSR_STATUS_OK) return 0;
    size_t bytes = header.pixels_size;
    rsr_decoded_free(&header);
    void *pixels = malloc(bytes ? bytes : 1);
    if (!pixels) return 0;
    rsr_decoded decoded;
    if (decode(data, size, 4000000, pixels, bytes, &decoded) == RSR_STATUS_OK) rsr_decoded_free(&decoded);
    free(pixels);
    return 0;
}
#endif
