// The weight gradient of a 3x3 conv in the Winograd F(4x4, 3x3) domain. With U = G g G^T, V = B^T d B and
// Y = A^T (U .* V) A summed over input channels, dU_e[o][c] = sum_t dM_e[o][t] V_e[c][t] with dM = A dY A^T,
// and dg = G^T dU G: 36 small GEMMs per block of tiles instead of one im2col GEMM with 4x the multiplies.
#include "winograd_internal.h"

#if RSR_X86

#include <immintrin.h>
#include <string.h>

// MARK: layout

static int cout_pad(int outChannels) { return (outChannels + 7) / 8 * 8; }
static int cin_pad(int inChannels) { return (inChannels + 15) / 16 * 16; }

size_t rsr_winograd_wgrad_accumulator_count(int outChannels, int inChannels) {
    return (size_t)36 * cout_pad(outChannels) * cin_pad(inChannels);
}

long rsr_winograd_wgrad_block_count(const rsr_winograd_wgrad *w) {
    rsr_winograd_geometry g = rsr_winograd_geometry_of(w->batch, w->height, w->width, w->blockTiles);
    return (g.slots + g.tiles - 1) / g.tiles;
}

// Scratch: v [36][cin][tiles], vt [36][tiles][cinPad], dm [36][coutPad][tiles], input rows [6][rowLength],
// output-gradient rows [4][rowLength]; every part a multiple of 16 floats.
size_t rsr_winograd_wgrad_scratch_count(const rsr_winograd_wgrad *w) {
    long t = w->blockTiles, rowLength = rsr_winograd_row_length(w->blockTiles);
    return (size_t)(36 * t * (w->inChannels + cin_pad(w->inChannels) + cout_pad(w->outChannels)) + 10 * rowLength);
}

// MARK: output-gradient transform

// dm = A dy (4 values -> 6), the adjoint of the forward's output transform A^T m.
static inline void gradient_1d(const __m256 y[4], __m256 q[6]) {
    const __m256 two = _mm256_set1_ps(2), four = _mm256_set1_ps(4), eight = _mm256_set1_ps(8);
    __m256 s02 = _mm256_add_ps(y[0], y[2]), s13 = _mm256_add_ps(y[1], y[3]);
    __m256 e = _mm256_fmadd_ps(four, y[2], y[0]), f = _mm256_fmadd_ps(eight, y[3], _mm256_mul_ps(two, y[1]));
    q[0] = y[0];
    q[1] = _mm256_add_ps(s02, s13);
    q[2] = _mm256_sub_ps(s02, s13);
    q[3] = _mm256_add_ps(e, f);
    q[4] = _mm256_sub_ps(e, f);
    q[5] = y[3];
}

// rows [4][rowLength] of one output channel -> dm[e][t] (stride eStride between e).
static void gradient_transform(const float *rows, long rowLength, int tiles, float *dm, long eStride) {
    for (int g = 0; g < tiles / 8; g++) {
        __m256 q[4][6];
        for (int i = 0; i < 4; i++) {
            __m256 p[4];
            rsr_winograd_deinterleave4(rows + i * rowLength + 32 * g, p);
            gradient_1d(p, q[i]);
        }
        for (int b = 0; b < 6; b++) {
            __m256 y[4], r[6];
            for (int i = 0; i < 4; i++) y[i] = q[i][b];
            gradient_1d(y, r);
            for (int a = 0; a < 6; a++) _mm256_storeu_ps(dm + (a * 6 + b) * eStride + 8 * g, r[a]);
        }
    }
}

// dY [batch][cout][height][width] of a block's tiles -> dm [36][coutPad][tiles]; pixels outside the
// image (partial tiles) have no gradient and stay zero.
static void transform_block_gradient(const rsr_winograd_wgrad *w, const int (*runs)[5], int runCount, float *rows,
                                     int tiles, float *dm, long eStride) {
    const long rowLength = rsr_winograd_row_length(tiles), plane = (long)w->height * w->width;
    memset(rows, 0, sizeof(float) * 4 * rowLength);
    for (int o = 0; o < w->outChannels; o++) {
        for (int r = 0; r < runCount; r++) {
            const int *run = runs[r];
            const float *source = w->outputGrad + ((long)run[1] * w->outChannels + o) * plane;
            int x0 = 4 * run[3], x1 = 4 * (run[3] + run[4]);
            if (x1 > w->width) x1 = w->width;
            for (int i = 0; i < 4; i++) {
                int y = 4 * run[2] + i;
                if (y < w->height)
                    rsr_winograd_copy_floats(rows + i * rowLength + 4 * run[0], source + (long)y * w->width + x0, x1 - x0);
            }
            if (o + RSR_WINOGRAD_PREFETCH_CHANNELS < w->outChannels) {
                const float *ahead = source + RSR_WINOGRAD_PREFETCH_CHANNELS * plane;
                for (int i = 0; i < 4 && 4 * run[2] + i < w->height; i++)
                    rsr_winograd_prefetch(ahead + (long)(4 * run[2] + i) * w->width + x0,
                                          ahead + (long)(4 * run[2] + i) * w->width + x1 - 1);
            }
        }
        gradient_transform(rows, rowLength, tiles, dm + (long)o * tiles, eStride);
    }
}

// MARK: transpose

#define RSR_AVX512 __attribute__((target("avx512f")))

// The AVX-512 part of transpose_block: channels [0, 16 * (cin / 16)) in 16x16 register transposes (64
// shuffles per 256 floats against 96 for four 8x8 AVX ones). Returns the channels done.
RSR_AVX512 static int transpose_block_avx512(const float *v, int cin, int tiles, float *vt, int cinPad) {
    const int done = cin / 16 * 16;
    for (int e = 0; e < 36; e++) {
        const float *ve = v + (long)e * cin * tiles;
        float *te = vt + (long)e * tiles * cinPad;
        for (int c = 0; c < done; c += 16) {
            for (int t = 0; t < tiles; t += 16) {
                __m512 r[16], s[16];
                for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_ps(ve + (long)(c + i) * tiles + t);
                for (int i = 0; i < 16; i += 2) {
                    s[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
                    s[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
                }
                // r[4q + p]: element 4k + p of rows 4q..4q+3 in 128-bit lane k.
                for (int q = 0; q < 4; q++) {
                    r[4 * q + 0] = _mm512_shuffle_ps(s[4 * q], s[4 * q + 2], 0x44);
                    r[4 * q + 1] = _mm512_shuffle_ps(s[4 * q], s[4 * q + 2], 0xEE);
                    r[4 * q + 2] = _mm512_shuffle_ps(s[4 * q + 1], s[4 * q + 3], 0x44);
                    r[4 * q + 3] = _mm512_shuffle_ps(s[4 * q + 1], s[4 * q + 3], 0xEE);
                }
                // s[p], s[4 + p]: elements p, 8 + p (and 4 + p, 12 + p) of rows 0-7; s[8 + ...] of rows 8-15.
                for (int p = 0; p < 4; p++) {
                    s[p] = _mm512_shuffle_f32x4(r[p], r[4 + p], 0x88);
                    s[4 + p] = _mm512_shuffle_f32x4(r[p], r[4 + p], 0xDD);
                    s[8 + p] = _mm512_shuffle_f32x4(r[8 + p], r[12 + p], 0x88);
                    s[12 + p] = _mm512_shuffle_f32x4(r[8 + p], r[12 + p], 0xDD);
                }
                float *d = te + (long)t * cinPad + c;
                for (int p = 0; p < 4; p++) {
                    _mm512_storeu_ps(d + (long)p * cinPad, _mm512_shuffle_f32x4(s[p], s[8 + p], 0x88));
                    _mm512_storeu_ps(d + (long)(8 + p) * cinPad, _mm512_shuffle_f32x4(s[p], s[8 + p], 0xDD));
                    _mm512_storeu_ps(d + (long)(4 + p) * cinPad, _mm512_shuffle_f32x4(s[4 + p], s[12 + p], 0x88));
                    _mm512_storeu_ps(d + (long)(12 + p) * cinPad, _mm512_shuffle_f32x4(s[4 + p], s[12 + p], 0xDD));
                }
            }
        }
    }
    return done;
}

// v [36][cin][tiles] -> vt [36][tiles][cinPad] (pad columns are left as they are: zero), from channel
// `first` on (transpose_block_avx512 does the ones before).
static void transpose_block(const float *v, int cin, int tiles, float *vt, int cinPad, int first) {
    for (int e = 0; e < 36; e++) {
        const float *ve = v + (long)e * cin * tiles;
        float *te = vt + (long)e * tiles * cinPad;
        int c = first;
        for (; c + 8 <= cin; c += 8) {
            for (int t = 0; t < tiles; t += 8) {
                __m256 r0 = _mm256_loadu_ps(ve + (c + 0) * tiles + t), r1 = _mm256_loadu_ps(ve + (c + 1) * tiles + t);
                __m256 r2 = _mm256_loadu_ps(ve + (c + 2) * tiles + t), r3 = _mm256_loadu_ps(ve + (c + 3) * tiles + t);
                __m256 r4 = _mm256_loadu_ps(ve + (c + 4) * tiles + t), r5 = _mm256_loadu_ps(ve + (c + 5) * tiles + t);
                __m256 r6 = _mm256_loadu_ps(ve + (c + 6) * tiles + t), r7 = _mm256_loadu_ps(ve + (c + 7) * tiles + t);
                __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
                __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
                __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
                __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
                __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
                __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
                __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
                __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
                float *d = te + (long)t * cinPad + c;
                _mm256_storeu_ps(d + 0 * cinPad, _mm256_permute2f128_ps(s0, s4, 0x20));
                _mm256_storeu_ps(d + 1 * cinPad, _mm256_permute2f128_ps(s1, s5, 0x20));
                _mm256_storeu_ps(d + 2 * cinPad, _mm256_permute2f128_ps(s2, s6, 0x20));
                _mm256_storeu_ps(d + 3 * cinPad, _mm256_permute2f128_ps(s3, s7, 0x20));
                _mm256_storeu_ps(d + 4 * cinPad, _mm256_permute2f128_ps(s0, s4, 0x31));
                _mm256_storeu_ps(d + 5 * cinPad, _mm256_permute2f128_ps(s1, s5, 0x31));
                _mm256_storeu_ps(d + 6 * cinPad, _mm256_permute2f128_ps(s2, s6, 0x31));
                _mm256_storeu_ps(d + 7 * cinPad, _mm256_permute2f128_ps(s3, s7, 0x31));
            }
        }
        for (; c < cin; c++)
            for (int t = 0; t < tiles; t++) te[(long)t * cinPad + c] = ve[(long)c * tiles + t];
    }
}

// MARK: GEMM acc[o][c] += sum_t dm[o][t] vt[t][c]

// 4 rows of dm x NV vectors of 8 columns; acc rows ldacc apart.
#define RSR_WGRAD_AVX2(NV)                                                                                      \
    static inline void wgrad_avx2_4x##NV(const float *dm, long ldm, const float *vt, long ldv, float *acc,      \
                                         long ldacc, int tiles) {                                               \
        __m256 s[4][NV];                                                                                        \
        for (int r = 0; r < 4; r++)                                                                             \
            for (int j = 0; j < NV; j++) s[r][j] = _mm256_loadu_ps(acc + r * ldacc + 8 * j);                    \
        for (int t = 0; t < tiles; t++) {                                                                       \
            __m256 b[NV];                                                                                       \
            for (int j = 0; j < NV; j++) b[j] = _mm256_loadu_ps(vt + t * ldv + 8 * j);                          \
            for (int r = 0; r < 4; r++) {                                                                       \
                __m256 a = _mm256_broadcast_ss(dm + r * ldm + t);                                               \
                for (int j = 0; j < NV; j++) s[r][j] = _mm256_fmadd_ps(a, b[j], s[r][j]);                       \
            }                                                                                                   \
        }                                                                                                       \
        for (int r = 0; r < 4; r++)                                                                             \
            for (int j = 0; j < NV; j++) _mm256_storeu_ps(acc + r * ldacc + 8 * j, s[r][j]);                    \
    }
RSR_WGRAD_AVX2(1)
RSR_WGRAD_AVX2(2)
RSR_WGRAD_AVX2(3)

// Rows [0, rows) of each acc_e (rows a multiple of 4: the 12-channel tail skips its 4 pad rows).
static void wgrad_gemm_avx2(const float *dm, const float *vt, float *acc, int coutPad, int cinPad, int tiles, int rows) {
    for (int e = 0; e < 36; e++) {
        const float *de = dm + (long)e * coutPad * tiles, *ve = vt + (long)e * tiles * cinPad;
        float *ae = acc + (long)e * coutPad * cinPad;
        for (int o = 0; o < rows; o += 4) {
            // 24-column strips, but never a lone 8-column one: its 4 accumulators are one FMA latency chain
            // each (half the FMA rate), so 32 columns are two 16-column strips instead of 24 + 8.
            int c = 0;
            for (; cinPad - c >= 24 && cinPad - c != 32; c += 24)
                wgrad_avx2_4x3(de + (long)o * tiles, tiles, ve + c, cinPad, ae + (long)o * cinPad + c, cinPad, tiles);
            for (; cinPad - c >= 16; c += 16)
                wgrad_avx2_4x2(de + (long)o * tiles, tiles, ve + c, cinPad, ae + (long)o * cinPad + c, cinPad, tiles);
            if (cinPad - c == 8)
                wgrad_avx2_4x1(de + (long)o * tiles, tiles, ve + c, cinPad, ae + (long)o * cinPad + c, cinPad, tiles);
        }
    }
}


// 8 rows of dm x NV vectors of 16 columns.
#define RSR_WGRAD_AVX512(NV)                                                                                    \
    RSR_AVX512 static inline void wgrad_avx512_8x##NV(const float *dm, long ldm, const float *vt, long ldv,    \
                                                      float *acc, long ldacc, int tiles) {                      \
        __m512 s[8][NV];                                                                                        \
        for (int r = 0; r < 8; r++)                                                                             \
            for (int j = 0; j < NV; j++) s[r][j] = _mm512_loadu_ps(acc + r * ldacc + 16 * j);                   \
        for (int t = 0; t < tiles; t++) {                                                                       \
            __m512 b[NV];                                                                                       \
            for (int j = 0; j < NV; j++) b[j] = _mm512_loadu_ps(vt + t * ldv + 16 * j);                         \
            for (int r = 0; r < 8; r++) {                                                                       \
                __m512 a = _mm512_set1_ps(dm[r * ldm + t]);                                                     \
                for (int j = 0; j < NV; j++) s[r][j] = _mm512_fmadd_ps(a, b[j], s[r][j]);                       \
            }                                                                                                   \
        }                                                                                                       \
        for (int r = 0; r < 8; r++)                                                                             \
            for (int j = 0; j < NV; j++) _mm512_storeu_ps(acc + r * ldacc + 16 * j, s[r][j]);                   \
    }
RSR_WGRAD_AVX512(1)
RSR_WGRAD_AVX512(2)
RSR_WGRAD_AVX512(3)

RSR_AVX512 static void wgrad_gemm_avx512(const float *dm, const float *vt, float *acc, int coutPad, int cinPad,
                                         int tiles) {
    for (int e = 0; e < 36; e++) {
        const float *de = dm + (long)e * coutPad * tiles, *ve = vt + (long)e * tiles * cinPad;
        float *ae = acc + (long)e * coutPad * cinPad;
        for (int o = 0; o < coutPad; o += 8) {
            int c = 0;
            for (; c + 48 <= cinPad; c += 48)
                wgrad_avx512_8x3(de + (long)o * tiles, tiles, ve + c, cinPad, ae + (long)o * cinPad + c, cinPad, tiles);
            if (cinPad - c == 32)
                wgrad_avx512_8x2(de + (long)o * tiles, tiles, ve + c, cinPad, ae + (long)o * cinPad + c, cinPad, tiles);
            else if (cinPad - c == 16)
                wgrad_avx512_8x1(de + (long)o * tiles, tiles, ve + c, cinPad, ae + (long)o * cinPad + c, cinPad, tiles);
        }
    }
}

// MARK: driver

void rsr_winograd_wgrad_run(const rsr_winograd_wgrad *w, long firstBlock, long blockCount, float *scratch,
                            float *accumulator) {
    const rsr_winograd_geometry geo = rsr_winograd_geometry_of(w->batch, w->height, w->width, w->blockTiles);
    const int tiles = geo.tiles, cin = w->inChannels, cinPad = cin_pad(cin), coutPad = cout_pad(w->outChannels);
    const long rowLength = rsr_winograd_row_length(tiles);
    float *v = scratch, *vt = v + 36L * cin * tiles, *dm = vt + 36L * tiles * cinPad;
    float *rows = dm + 36L * coutPad * tiles, *gradientRows = rows + 6 * rowLength;
    // Pad columns of vt and pad rows of dm are never written: zero once.
    memset(vt, 0, sizeof(float) * 36 * tiles * (cinPad + coutPad));
    rsr_winograd_slot slots[RSR_WINOGRAD_MAX_BLOCK];
    int runs[RSR_WINOGRAD_MAX_BLOCK][5];
    for (long block = firstBlock; block < firstBlock + blockCount; block++) {
        int runCount = rsr_winograd_block_runs(&geo, block, slots, runs);
        if (runCount == 0) continue;
        rsr_winograd_transform_block_input(w->input, cin, w->height, w->width, runs, runCount, rows, tiles, v, w->isa);
        transpose_block(v, cin, tiles, vt, cinPad, w->isa == RSR_ISA_AVX512 ? transpose_block_avx512(v, cin, tiles, vt, cinPad) : 0);
        transform_block_gradient(w, runs, runCount, gradientRows, tiles, dm, (long)coutPad * tiles);
        if (w->isa == RSR_ISA_AVX512) {
            wgrad_gemm_avx512(dm, vt, accumulator, coutPad, cinPad, tiles);
        } else {
            wgrad_gemm_avx2(dm, vt, accumulator, coutPad, cinPad, tiles, (w->outChannels + 3) / 4 * 4);
        }
    }
}

// MARK: back to the weights

void rsr_winograd_wgrad_finish(const float *accumulator, int outChannels, int inChannels, float *weightGrad) {
    const double (*G)[3] = rsr_winograd_G;
    const int cinPad = cin_pad(inChannels), coutPad = cout_pad(outChannels);
    for (int o = 0; o < outChannels; o++) {
        for (int c = 0; c < inChannels; c++) {
            double du[6][6], h[3][6];  // dU, then G^T dU
            for (int e = 0; e < 36; e++) du[e / 6][e % 6] = accumulator[((long)e * coutPad + o) * cinPad + c];
            for (int i = 0; i < 3; i++)
                for (int b = 0; b < 6; b++) {
                    double s = 0;
                    for (int a = 0; a < 6; a++) s += G[a][i] * du[a][b];
                    h[i][b] = s;
                }
            float *g = weightGrad + ((long)o * inChannels + c) * 9;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) {
                    double s = 0;
                    for (int b = 0; b < 6; b++) s += h[i][b] * G[b][j];
                    g[i * 3 + j] += (float)s;
                }
        }
    }
}

#endif
