// The 36 element-wise products of a Winograd block as small GEMMs:
// M[e][o][t] = sum_c U[e][o][c] V[e][c][t], U packed [coutTiles][cin][8], V [cin][T], M [coutPad][T].
#include "winograd_internal.h"

#if RSR_X86

#include <immintrin.h>

// 4 output channels x 24 tiles: 12 ymm accumulators. a [k][8] (4 of the 8 used), b [k][ldb].
static inline void gemm_avx2_4x24(const float *a, const float *b, long ldb, float *c, long ldc, int k) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
    __m256 c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
    for (int p = 0; p < k; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), b2 = _mm256_loadu_ps(b + 16);
        __m256 av = _mm256_broadcast_ss(a);
        c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01); c02 = _mm256_fmadd_ps(av, b2, c02);
        av = _mm256_broadcast_ss(a + 1);
        c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11); c12 = _mm256_fmadd_ps(av, b2, c12);
        av = _mm256_broadcast_ss(a + 2);
        c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21); c22 = _mm256_fmadd_ps(av, b2, c22);
        av = _mm256_broadcast_ss(a + 3);
        c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31); c32 = _mm256_fmadd_ps(av, b2, c32);
        a += 8;
        b += ldb;
    }
    _mm256_storeu_ps(c, c00); _mm256_storeu_ps(c + 8, c01); _mm256_storeu_ps(c + 16, c02); c += ldc;
    _mm256_storeu_ps(c, c10); _mm256_storeu_ps(c + 8, c11); _mm256_storeu_ps(c + 16, c12); c += ldc;
    _mm256_storeu_ps(c, c20); _mm256_storeu_ps(c + 8, c21); _mm256_storeu_ps(c + 16, c22); c += ldc;
    _mm256_storeu_ps(c, c30); _mm256_storeu_ps(c + 8, c31); _mm256_storeu_ps(c + 16, c32);
}

void rsr_winograd_gemm_avx2(const float *u, const float *v, float *m, int cin, int coutPad, int tiles) {
    for (int e = 0; e < 36; e++) {
        const float *ue = u + (long)e * coutPad * cin;
        const float *ve = v + (long)e * cin * tiles;
        float *me = m + (long)e * coutPad * tiles;
        for (int o = 0; o < coutPad; o += 8) {
            const float *a = ue + (long)o * cin;
            for (int t = 0; t < tiles; t += 24) {
                gemm_avx2_4x24(a, ve + t, tiles, me + (long)o * tiles + t, tiles, cin);
                gemm_avx2_4x24(a + 4, ve + t, tiles, me + (long)(o + 4) * tiles + t, tiles, cin);
            }
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
