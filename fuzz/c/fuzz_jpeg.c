// libFuzzer harness for the JPEG decode shim (the header call also collects the APP1/APP2 markers).
#include "fuzz_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return rsr_fuzz_decode(rsr_jpeg_decode, data, size); }
