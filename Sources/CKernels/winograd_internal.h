#ifndef RSR_WINOGRAD_INTERNAL_H
#define RSR_WINOGRAD_INTERNAL_H

#include "CKernels.h"

// u [36][coutPad][cin] in 8-row panels, v [36][cin][tiles], m [36][coutPad][tiles]; tiles a multiple of 48.
void rsr_winograd_gemm_avx2(const float *u, const float *v, float *m, int cin, int coutPad, int tiles);
void rsr_winograd_gemm_avx512(const float *u, const float *v, float *m, int cin, int coutPad, int tiles);

#endif
