// C[m][n] += sum_p A[m][p] B[n][p] for thin conv weight gradients (m = out channels, n = in channels x 9,
// p = pixels): both operands are read along p, accumulated in vectors and reduced once per tile.
#include "winograd_internal.h"

#if RSR_X86

#include <immintrin.h>

static inline float hsum256(__m256 v) {
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    x = _mm_add_ps(x, _mm_movehl_ps(x, x));
    x = _mm_add_ss(x, _mm_shuffle_ps(x, x, 1));
    return _mm_cvtss_f32(x);
}

// 4 rows of A x 3 rows of B, p a multiple of 8: 12 ymm accumulators.
static void abt_avx2_4x3(const float *a, long lda, const float *b, long ldb, float *c, long ldc, int mr, int nr, long p) {
    __m256 acc[4][3];
    for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) acc[i][j] = _mm256_setzero_ps();
    const float *ar[4], *br[3];
    for (int i = 0; i < 4; i++) ar[i] = a + (i < mr ? i : 0) * lda;
    for (int j = 0; j < 3; j++) br[j] = b + (j < nr ? j : 0) * ldb;
    for (long q = 0; q < p; q += 8) {
        __m256 b0 = _mm256_loadu_ps(br[0] + q), b1 = _mm256_loadu_ps(br[1] + q), b2 = _mm256_loadu_ps(br[2] + q);
        for (int i = 0; i < 4; i++) {
            __m256 av = _mm256_loadu_ps(ar[i] + q);
            acc[i][0] = _mm256_fmadd_ps(av, b0, acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(av, b1, acc[i][1]);
            acc[i][2] = _mm256_fmadd_ps(av, b2, acc[i][2]);
        }
    }
    for (int i = 0; i < mr; i++) for (int j = 0; j < nr; j++) c[i * ldc + j] += hsum256(acc[i][j]);
}

#define RSR_AVX512 __attribute__((target("avx512f")))

// 4 rows of A x 6 rows of B, p a multiple of 16: 24 zmm accumulators.
RSR_AVX512 static void abt_avx512_4x6(const float *a, long lda, const float *b, long ldb, float *c, long ldc,
                                      int mr, int nr, long p) {
    __m512 acc[4][6];
    for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) acc[i][j] = _mm512_setzero_ps();
    const float *ar[4], *br[6];
    for (int i = 0; i < 4; i++) ar[i] = a + (i < mr ? i : 0) * lda;
    for (int j = 0; j < 6; j++) br[j] = b + (j < nr ? j : 0) * ldb;
    for (long q = 0; q < p; q += 16) {
        __m512 bv[6];
        for (int j = 0; j < 6; j++) bv[j] = _mm512_loadu_ps(br[j] + q);
        for (int i = 0; i < 4; i++) {
            __m512 av = _mm512_loadu_ps(ar[i] + q);
            for (int j = 0; j < 6; j++) acc[i][j] = _mm512_fmadd_ps(av, bv[j], acc[i][j]);
        }
    }
    for (int i = 0; i < mr; i++) for (int j = 0; j < nr; j++) c[i * ldc + j] += _mm512_reduce_add_ps(acc[i][j]);
}

void rsr_gemm_abt(const float *a, long lda, const float *b, long ldb, float *c, long ldc, int m, int n, long p,
                  int isa) {
    int wide = isa == RSR_ISA_AVX512;
    long step = wide ? 16 : 8, body = p / step * step;
    int nb = wide ? 6 : 3;
    for (int i = 0; i < m; i += 4) {
        int mr = m - i < 4 ? m - i : 4;
        for (int j = 0; j < n; j += nb) {
            int nr = n - j < nb ? n - j : nb;
            if (body > 0) {
                if (wide) abt_avx512_4x6(a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc, mr, nr, body);
                else abt_avx2_4x3(a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc, mr, nr, body);
            }
            for (int ii = 0; ii < mr; ii++)
                for (int jj = 0; jj < nr; jj++) {
                    float s = 0;
                    for (long q = body; q < p; q++) s += a[(i + ii) * lda + q] * b[(j + jj) * ldb + q];
                    c[(i + ii) * ldc + j + jj] += s;
                }
        }
    }
}

#endif
