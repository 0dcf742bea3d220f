// The 36 element-wise products of a Winograd block as small GEMMs:
// M[e][o][t] = sum_c U[e][o][c] V[e][c][t], U packed [coutTiles][cin][8], V [cin][T], M [coutPad][T].
#include "winograd_internal.h"

#if RSR_X86

#include <immintrin.h>

// 4 output channels x 24 tiles: 12 ymm accumulators in ymm0-11, a row of B in ymm12-14, A broadcast in ymm15.
// a [k][8] (4 of the 8 used), b [k][ldb]. In assembly because clang 21 needs all 16 registers for the
// intrinsics version and spills an accumulator to the stack in the inner loop (a store-reload chain on
// every step: 24 GFMA/s per core on Zen 3 against 42 for this loop, whose peak is 50).
static inline void gemm_avx2_4x24(const float *a, const float *b, long ldb, float *c, long ldc, int k) {
    long ldbBytes = ldb * 4, ldcBytes = ldc * 4, n = k;
    __asm__ volatile(
        "vxorps %%ymm0, %%ymm0, %%ymm0\n\t"
        "vxorps %%ymm1, %%ymm1, %%ymm1\n\t"
        "vxorps %%ymm2, %%ymm2, %%ymm2\n\t"
        "vxorps %%ymm3, %%ymm3, %%ymm3\n\t"
        "vxorps %%ymm4, %%ymm4, %%ymm4\n\t"
        "vxorps %%ymm5, %%ymm5, %%ymm5\n\t"
        "vxorps %%ymm6, %%ymm6, %%ymm6\n\t"
        "vxorps %%ymm7, %%ymm7, %%ymm7\n\t"
        "vxorps %%ymm8, %%ymm8, %%ymm8\n\t"
        "vxorps %%ymm9, %%ymm9, %%ymm9\n\t"
        "vxorps %%ymm10, %%ymm10, %%ymm10\n\t"
        "vxorps %%ymm11, %%ymm11, %%ymm11\n\t"
        "test %[n], %[n]\n\t"
        "jle 2f\n\t"
        ".p2align 4\n\t"
        "1:\n\t"
        "vmovups (%[b]), %%ymm12\n\t"
        "vmovups 32(%[b]), %%ymm13\n\t"
        "vmovups 64(%[b]), %%ymm14\n\t"
        "vbroadcastss 0(%[a]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %%ymm0\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %%ymm1\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm2\n\t"
        "vbroadcastss 4(%[a]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %%ymm3\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %%ymm4\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm5\n\t"
        "vbroadcastss 8(%[a]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %%ymm6\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %%ymm7\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm8\n\t"
        "vbroadcastss 12(%[a]), %%ymm15\n\t"
        "vfmadd231ps %%ymm12, %%ymm15, %%ymm9\n\t"
        "vfmadd231ps %%ymm13, %%ymm15, %%ymm10\n\t"
        "vfmadd231ps %%ymm14, %%ymm15, %%ymm11\n\t"
        "add $32, %[a]\n\t"
        "add %[ldb], %[b]\n\t"
        "dec %[n]\n\t"
        "jnz 1b\n\t"
        "2:\n\t"
        "vmovups %%ymm0, 0(%[c])\n\t"
        "vmovups %%ymm1, 32(%[c])\n\t"
        "vmovups %%ymm2, 64(%[c])\n\t"
        "add %[ldc], %[c]\n\t"
        "vmovups %%ymm3, 0(%[c])\n\t"
        "vmovups %%ymm4, 32(%[c])\n\t"
        "vmovups %%ymm5, 64(%[c])\n\t"
        "add %[ldc], %[c]\n\t"
        "vmovups %%ymm6, 0(%[c])\n\t"
        "vmovups %%ymm7, 32(%[c])\n\t"
        "vmovups %%ymm8, 64(%[c])\n\t"
        "add %[ldc], %[c]\n\t"
        "vmovups %%ymm9, 0(%[c])\n\t"
        "vmovups %%ymm10, 32(%[c])\n\t"
        "vmovups %%ymm11, 64(%[c])\n\t"
        : [a] "+r"(a), [b] "+r"(b), [c] "+r"(c), [n] "+r"(n)
        : [ldb] "r"(ldbBytes), [ldc] "r"(ldcBytes)
        : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
          "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
}

void rsr_winograd_gemm_avx2_panel(const float *u, const float *v, float *m, int cin, int coutPad, int tiles, int o,
                                  int rows) {
    for (int e = 0; e < 36; e++) {
        const float *a = u + ((long)e * coutPad + o) * cin;
        const float *ve = v + (long)e * cin * tiles;
        float *me = m + (long)e * 8 * tiles;
        for (int t = 0; t < tiles; t += 24) {
            gemm_avx2_4x24(a, ve + t, tiles, me + t, tiles, cin);
            if (rows > 4) gemm_avx2_4x24(a + 4, ve + t, tiles, me + 4L * tiles + t, tiles, cin);
        }
    }
}

// 8 output channels x 48 tiles: 24 zmm accumulators, A broadcast from memory.
#define RSR_AVX512 __attribute__((target("avx512f")))

RSR_AVX512 static inline void gemm_avx512_8x48(const float *a, const float *b, long ldb, float *c, long ldc, int k) {
    __m512 acc[8][3];
    for (int r = 0; r < 8; r++) for (int j = 0; j < 3; j++) acc[r][j] = _mm512_setzero_ps();
    for (int p = 0; p < k; p++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16), b2 = _mm512_loadu_ps(b + 32);
        for (int r = 0; r < 8; r++) {
            __m512 av = _mm512_set1_ps(a[r]);
            acc[r][0] = _mm512_fmadd_ps(av, b0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(av, b1, acc[r][1]);
            acc[r][2] = _mm512_fmadd_ps(av, b2, acc[r][2]);
        }
        a += 8;
        b += ldb;
    }
    for (int r = 0; r < 8; r++) {
        _mm512_storeu_ps(c, acc[r][0]); _mm512_storeu_ps(c + 16, acc[r][1]); _mm512_storeu_ps(c + 32, acc[r][2]);
        c += ldc;
    }
}

RSR_AVX512 void rsr_winograd_gemm_avx512(const float *u, const float *v, float *m, int cin, int coutPad, int tiles) {
    for (int e = 0; e < 36; e++) {
        const float *ue = u + (long)e * coutPad * cin;
        const float *ve = v + (long)e * cin * tiles;
        float *me = m + (long)e * coutPad * tiles;
        for (int o = 0; o < coutPad; o += 8) {
            for (int t = 0; t < tiles; t += 48) {
                gemm_avx512_8x48(ue + (long)o * cin, ve + t, tiles, me + (long)o * tiles + t, tiles, cin);
            }
        }
    }
}

int rsr_cpu_supports_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

#endif
