// libFuzzer harness for the TIFF decode shim: both the direct strip/tile reader and libtiff's RGBA
// reader, and the directory count of the header call.
#include "fuzz_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return rsr_fuzz_decode(rsr_tiff_decode, data, size); }
