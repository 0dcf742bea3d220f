// What the package needs from CKernels on CPUs other than x86: no Winograd (rsr_winograd_supported()
// says so and the Swift side takes im2col), a scalar weight-gradient kernel.
#include "winograd_internal.h"

#include <stdio.h>
#include <stdlib.h>

int rsr_winograd_supported(void) { return RSR_X86; }

#if !RSR_X86

int rsr_cpu_supports_avx512(void) { return 0; }

static void unsupported(const char *name) {
    fprintf(stderr, "%s: the Winograd kernels are not built for this CPU\n", name);
    abort();
}

size_t rsr_winograd_weights_count(int outChannels, int inChannels) { return 0; }
void rsr_winograd_pack_weights(const float *weight, int outChannels, int inChannels, float scale, float *packed) {
    unsupported(__func__);
}
long rsr_winograd_block_count(const rsr_winograd_conv *conv) { return 0; }
size_t rsr_winograd_scratch_count(const rsr_winograd_conv *conv) { return 0; }
void rsr_winograd_run(const rsr_winograd_conv *conv, long firstBlock, long blockCount, float *scratch) {
    unsupported(__func__);
}
size_t rsr_winograd_wgrad_accumulator_count(int outChannels, int inChannels) { return 0; }
long rsr_winograd_wgrad_block_count(const rsr_winograd_wgrad *wgrad) { return 0; }
size_t rsr_winograd_wgrad_scratch_count(const rsr_winograd_wgrad *wgrad) { return 0; }
void rsr_winograd_wgrad_run(const rsr_winograd_wgrad *wgrad, long firstBlock, long blockCount, float *scratch,
                            float *accumulator) {
    unsupported(__func__);
}
void rsr_winograd_wgrad_finish(const float *accumulator, int outChannels, int inChannels, float *weightGrad) {
    unsupported(__func__);
}

void rsr_gemm_abt(const float *a, long lda, const float *b, long ldb, float *c, long ldc, int m, int n, long p,
                  int isa) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float s = 0;
            for (long q = 0; q < p; q++) s += a[i * lda + q] * b[j * ldb + q];
            c[i * ldc + j] += s;
        }
}

#endif
