// libFuzzer harness for the WebP decode shim (the header call also demuxes the ICCP/EXIF chunks).
#include "fuzz_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return rsr_fuzz_decode(rsr_webp_decode, data, size); }
