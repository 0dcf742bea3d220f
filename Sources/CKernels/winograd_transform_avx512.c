// Winograd F(4x4, 3x3) input and output transforms with AVX-512, 16 tiles to a vector: half the
// arithmetic of the AVX2 ones for the same tile order, so V, M and the GEMMs are shared by both.
#include "winograd_internal.h"

#if RSR_X86

#define RSR_AVX512 __attribute__((target("avx512f")))

// Row 4 * (16 tiles) + 4 floats at r -> p[i][lane] = r[4 t(lane) + i], lanes 0 2 4 6 1 3 5 7 | 8 10 ... 15.
RSR_AVX512 static inline void deinterleave6_16(const float *r, __m512 p[6]) {
    // Lanes 0-7: element i of tiles 0 2 4 6 1 3 5 7 of a 32-float pair; lanes 8-15: element i + 1.
    const __m512i even = _mm512_setr_epi32(0, 8, 16, 24, 4, 12, 20, 28, 1, 9, 17, 25, 5, 13, 21, 29);
    const __m512i odd = _mm512_setr_epi32(2, 10, 18, 26, 6, 14, 22, 30, 3, 11, 19, 27, 7, 15, 23, 31);
    __m512 a0 = _mm512_loadu_ps(r), a1 = _mm512_loadu_ps(r + 16);
    __m512 a2 = _mm512_loadu_ps(r + 32), a3 = _mm512_loadu_ps(r + 48);
    __m512 x = _mm512_permutex2var_ps(a0, even, a1), y = _mm512_permutex2var_ps(a2, even, a3);
    p[0] = _mm512_shuffle_f32x4(x, y, 0x44);
    p[1] = _mm512_shuffle_f32x4(x, y, 0xEE);
    x = _mm512_permutex2var_ps(a0, odd, a1);
    y = _mm512_permutex2var_ps(a2, odd, a3);
    p[2] = _mm512_shuffle_f32x4(x, y, 0x44);
    p[3] = _mm512_shuffle_f32x4(x, y, 0xEE);
    __m512 b0 = _mm512_loadu_ps(r + 4), b1 = _mm512_loadu_ps(r + 20);
    __m512 b2 = _mm512_loadu_ps(r + 36), b3 = _mm512_loadu_ps(r + 52);
    x = _mm512_permutex2var_ps(b0, even, b1);
    y = _mm512_permutex2var_ps(b2, even, b3);
    p[4] = _mm512_shuffle_f32x4(x, y, 0x44);
    p[5] = _mm512_shuffle_f32x4(x, y, 0xEE);
}

// r = B^T d
RSR_AVX512 static inline void input_1d(const __m512 d[6], __m512 r[6]) {
    const __m512 two = _mm512_set1_ps(2), four = _mm512_set1_ps(4), five = _mm512_set1_ps(5);
    r[0] = _mm512_fmadd_ps(four, d[0], _mm512_fnmadd_ps(five, d[2], d[4]));
    r[1] = _mm512_fnmadd_ps(four, _mm512_add_ps(d[1], d[2]), _mm512_add_ps(d[3], d[4]));
    r[2] = _mm512_fmadd_ps(four, _mm512_sub_ps(d[1], d[2]), _mm512_sub_ps(d[4], d[3]));
    __m512 x = _mm512_sub_ps(d[4], d[2]), y = _mm512_sub_ps(d[3], d[1]);
    r[3] = _mm512_fmadd_ps(two, y, x);
    r[4] = _mm512_fnmadd_ps(two, y, x);
    r[5] = _mm512_fmadd_ps(four, d[1], _mm512_fnmadd_ps(five, d[3], d[5]));
}

RSR_AVX512 void rsr_winograd_input_transform_avx512(const float *rows, long rowLength, int tiles, float *v,
                                                    long eStride) {
    for (int g = 0; g < tiles / 16; g++) {
        __m512 q[6][6];
        for (int i = 0; i < 6; i++) {
            __m512 p[6];
            deinterleave6_16(rows + i * rowLength + 64 * g, p);
            input_1d(p, q[i]);
        }
        for (int b = 0; b < 6; b++) {
            __m512 d[6], r[6];
            for (int i = 0; i < 6; i++) d[i] = q[i][b];
            input_1d(d, r);
            for (int a = 0; a < 6; a++) _mm512_storeu_ps(v + (a * 6 + b) * eStride + 16 * g, r[a]);
        }
    }
}

// r = A^T m
RSR_AVX512 static inline void output_1d(const __m512 m[6], __m512 r[4]) {
    const __m512 two = _mm512_set1_ps(2), four = _mm512_set1_ps(4), eight = _mm512_set1_ps(8);
    __m512 s12 = _mm512_add_ps(m[1], m[2]), d12 = _mm512_sub_ps(m[1], m[2]);
    __m512 s34 = _mm512_add_ps(m[3], m[4]), d34 = _mm512_sub_ps(m[3], m[4]);
    r[0] = _mm512_add_ps(_mm512_add_ps(m[0], s12), s34);
    r[1] = _mm512_fmadd_ps(two, d34, d12);
    r[2] = _mm512_fmadd_ps(four, s34, s12);
    r[3] = _mm512_add_ps(_mm512_fmadd_ps(eight, d34, d12), m[5]);
}

RSR_AVX512 static inline __m256 upper_half(__m512 x) {
    return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1));
}

RSR_AVX512 void rsr_winograd_output_transform_avx512(const rsr_winograd_conv *cv, const float *m, long eStride,
                                                     const rsr_winograd_group *groups, int tiles, int o) {
    for (int g = 0; g < tiles / 16; g++) {
        __m512 s[6][4], y[4][4];
        for (int a = 0; a < 6; a++) {
            __m512 v[6];
            for (int b = 0; b < 6; b++) v[b] = _mm512_loadu_ps(m + (a * 6 + b) * eStride + 16 * g);
            output_1d(v, s[a]);
        }
        for (int j = 0; j < 4; j++) {
            __m512 v[6], r[4];
            for (int a = 0; a < 6; a++) v[a] = s[a][j];
            output_1d(v, r);
            for (int i = 0; i < 4; i++) y[i][j] = r[i];
        }
        float rowsOut[2][4][32];
        for (int i = 0; i < 4; i++) {
            __m256 low[4], high[4];
            for (int j = 0; j < 4; j++) {
                low[j] = _mm512_castps512_ps256(y[i][j]);
                high[j] = upper_half(y[i][j]);
            }
            rsr_winograd_interleave4(low, rowsOut[0][i]);
            rsr_winograd_interleave4(high, rowsOut[1][i]);
        }
        for (int h = 0; h < 2; h++)
            rsr_winograd_store_tiles8(cv, (const float (*)[32])rowsOut[h], groups + 2 * g + h, o);
    }
}

#endif
