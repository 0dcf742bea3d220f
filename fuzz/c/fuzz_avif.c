// libFuzzer harness for the AVIF decode shim (libavif's box parser, then dav1d).
#include "fuzz_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return rsr_fuzz_decode(rsr_avif_decode, data, size); }
