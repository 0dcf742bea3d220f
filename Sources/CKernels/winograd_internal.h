#ifndef RSR_WINOGRAD_INTERNAL_H
#define RSR_WINOGRAD_INTERNAL_H

#include "CKernels.h"

// The kernels are AVX2/AVX-512 intrinsics; elsewhere only portable.c is compiled and Swift takes im2col.
#if defined(__x86_64__) || defined(__i386__)
#define RSR_X86 1
#else
#define RSR_X86 0
#endif

// G of F(4x4, 3x3): U = G g G^T takes a 3x3 kernel to the 6x6 Winograd domain (weight packing), and
// dW = G^T dU G takes the weight gradient back (winograd_wgrad.c). Doubles: both are done once per layer.
static const double rsr_winograd_G[6][3] = {
    {1.0 / 4, 0, 0},
    {-1.0 / 6, -1.0 / 6, -1.0 / 6},
    {-1.0 / 6, 1.0 / 6, -1.0 / 6},
    {1.0 / 24, 1.0 / 12, 1.0 / 6},
    {1.0 / 24, -1.0 / 12, 1.0 / 6},
    {0, 0, 1},
};

// u [36][coutPad][cin] in 8-row panels, v [36][cin][tiles]. AVX2: output channels [o, o + rows) (rows 1-8,
// o a multiple of 8) into one panel m [36][8][tiles], tiles a multiple of 24; rows <= 4 run half the kernel
// (the tail's 12 channels are a panel of 8 and one of 4, not two of 8).
void rsr_winograd_gemm_avx2_panel(const float *u, const float *v, float *m, int cin, int coutPad, int tiles, int o,
                                  int rows);
// AVX-512: all channels, m [36][coutPad][tiles], tiles a multiple of 48.
void rsr_winograd_gemm_avx512(const float *u, const float *v, float *m, int cin, int coutPad, int tiles);

typedef struct {
    int n, ty, tx;  // tx < 0: unused slot
} rsr_winograd_slot;

typedef struct {
    int tilesX, tilesY, slotsPerRow, tiles;
    long slots;
} rsr_winograd_geometry;

rsr_winograd_geometry rsr_winograd_geometry_of(int batch, int height, int width, int blockTiles);

/// Floats of one gathered row of a block: 4 per tile plus the 6x6 patch's overhang, a multiple of 16.
static inline long rsr_winograd_row_length(int tiles) { return 4L * tiles + 16; }

/// The slots of `block` and its runs of consecutive tiles of one tile row, each (first slot in block, n,
/// ty, first tx, count); returns the number of runs.
int rsr_winograd_block_runs(const rsr_winograd_geometry *geo, long block, rsr_winograd_slot *slots, int (*runs)[5]);

/// What the epilogue stores of one 8-tile group: each segment is a run of consecutive tiles of one tile
/// row, `count` contiguous output pixels (<= 32) in each of its `rows` output rows inside the image, taken
/// from rowsOut[i][4 * t ...]. A group that straddles tile rows (every group but one in four at 48x48,
/// 12 tiles and an unused slot a row) is two or three segments, each stored with vectors as a whole
/// group is.
typedef struct {
    long base;  // n * outChannels * plane + y * width + x of the segment's first pixel in channel 0
    short t, count, rows;
} rsr_winograd_segment;

typedef struct {
    rsr_winograd_segment segments[8];
    int count;
} rsr_winograd_group;

/// The epilogue groups (tiles / 8 of them) of a block's slots, for a conv of this output shape.
void rsr_winograd_block_groups(const rsr_winograd_slot *slots, int tiles, int outChannels, int height, int width,
                               rsr_winograd_group *groups);

/// B^T d B of every tile of a block: input [batch][cin][height][width] -> v [36][cin][tiles], through
/// `rows` [6][rsr_winograd_row_length(tiles)].
/// `isa` RSR_ISA_AVX512 transforms 16 tiles to a vector (the same tile order in v as the AVX2 one).
void rsr_winograd_transform_block_input(const float *input, int cin, int height, int width, const int (*runs)[5],
                                        int runCount, float *rows, int tiles, float *v, int isa);

#if RSR_X86
#include <immintrin.h>

/// dst[0..<n] = src[0..<n] with vector moves and a masked tail that touches nothing outside either range:
/// the gathered rows of a block are short (~50 floats at 48x48), too short for a memcpy call to pay.
static inline void rsr_winograd_copy_floats(float *dst, const float *src, long n) {
    long k = 0;
    for (; k + 16 <= n; k += 16) {
        __m256 a = _mm256_loadu_ps(src + k), b = _mm256_loadu_ps(src + k + 8);
        _mm256_storeu_ps(dst + k, a);
        _mm256_storeu_ps(dst + k + 8, b);
    }
    if (k + 8 <= n) {
        _mm256_storeu_ps(dst + k, _mm256_loadu_ps(src + k));
        k += 8;
    }
    if (k < n) {
        __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - k)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        _mm256_maskstore_ps(dst + k, mask, _mm256_maskload_ps(src + k, mask));
    }
}

/// Prefetches the cache lines of [from, to] into L1: activations are larger than L2 at training sizes, and
/// a block reads each channel plane in short strided pieces that the hardware prefetcher does not follow.
static inline void rsr_winograd_prefetch(const float *from, const float *to) {
    for (const char *p = (const char *)((unsigned long)from & ~63UL); p <= (const char *)to; p += 64)
        _mm_prefetch(p, _MM_HINT_T0);
}

/// Channels ahead that the block loops prefetch.
enum { RSR_WINOGRAD_PREFETCH_CHANNELS = 2 };

// Row 4 * (8 tiles) floats at r -> p[i][t] = r[4t + i], tile lanes in the order 0 2 4 6 | 1 3 5 7 (the
// input transform's and the gradient transform's shared lane order, so the tiles of V and dM share lanes).
static inline void rsr_winograd_deinterleave4(const float *r, __m256 p[4]) {
    __m256 a0 = _mm256_loadu_ps(r), a1 = _mm256_loadu_ps(r + 8);
    __m256 a2 = _mm256_loadu_ps(r + 16), a3 = _mm256_loadu_ps(r + 24);
    __m256 t0 = _mm256_unpacklo_ps(a0, a1), t1 = _mm256_unpacklo_ps(a2, a3);
    __m256 t2 = _mm256_unpackhi_ps(a0, a1), t3 = _mm256_unpackhi_ps(a2, a3);
    p[0] = _mm256_shuffle_ps(t0, t1, 0x44);
    p[1] = _mm256_shuffle_ps(t0, t1, 0xEE);
    p[2] = _mm256_shuffle_ps(t2, t3, 0x44);
    p[3] = _mm256_shuffle_ps(t2, t3, 0xEE);
}

// Inverse of deinterleave6's lane order: y[j] (column j of 8 tiles) -> 32 floats, tile after tile.
static inline void rsr_winograd_interleave4(const __m256 y[4], float *out) {
    __m256 t0 = _mm256_unpacklo_ps(y[0], y[1]), t1 = _mm256_unpacklo_ps(y[2], y[3]);
    __m256 t2 = _mm256_unpackhi_ps(y[0], y[1]), t3 = _mm256_unpackhi_ps(y[2], y[3]);
    _mm256_storeu_ps(out, _mm256_shuffle_ps(t0, t1, 0x44));
    _mm256_storeu_ps(out + 8, _mm256_shuffle_ps(t0, t1, 0xEE));
    _mm256_storeu_ps(out + 16, _mm256_shuffle_ps(t2, t3, 0x44));
    _mm256_storeu_ps(out + 24, _mm256_shuffle_ps(t2, t3, 0xEE));
}

/// The epilogue of 8 tiles of output channel o: rowsOut[i] holds output row i of the 8 tiles, tile after
/// tile; `group` says where they go (rsr_winograd_block_groups).
void rsr_winograd_store_tiles8(const rsr_winograd_conv *cv, const float rowsOut[4][32], const rsr_winograd_group *group,
                               int o);

/// AVX-512 transforms, 16 tiles to a vector, in lanes (8-tile group 2g in AVX2 lane order | group 2g+1):
/// rows [6][rowLength] of one channel -> v[e][t]; m[e][t] of output channel o -> output with epilogue.
void rsr_winograd_input_transform_avx512(const float *rows, long rowLength, int tiles, float *v, long eStride);
void rsr_winograd_output_transform_avx512(const rsr_winograd_conv *cv, const float *m, long eStride,
                                          const rsr_winograd_group *groups, int tiles, int o);
#endif

#endif
