// libFuzzer harness for the PNG decode shim.
#include "fuzz_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return rsr_fuzz_decode(rsr_png_decode, data, size); }
