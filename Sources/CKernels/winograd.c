// Winograd F(4x4, 3x3): weight packing, the input and output transforms (AVX2, 8 tiles to a vector) and
// the block driver. Y = A^T [(G g G^T) .* (B^T d B)] A for each 6x6 input patch d at stride 4.
#include "winograd_internal.h"

#if RSR_X86

#include <immintrin.h>
#include <string.h>

// MARK: weights

size_t rsr_winograd_weights_count(int outChannels, int inChannels) {
    return (size_t)36 * ((outChannels + 7) / 8) * 8 * inChannels;
}

void rsr_winograd_pack_weights(const float *weight, int outChannels, int inChannels, float scale, float *packed) {
    const double (*G)[3] = rsr_winograd_G;
    int coutPad = (outChannels + 7) / 8 * 8;
    memset(packed, 0, rsr_winograd_weights_count(outChannels, inChannels) * sizeof(float));
    for (int o = 0; o < outChannels; o++) {
        for (int c = 0; c < inChannels; c++) {
            const float *g = weight + ((long)o * inChannels + c) * 9;
            double gg[6][3];  // G g
            for (int a = 0; a < 6; a++)
                for (int j = 0; j < 3; j++)
                    gg[a][j] = G[a][0] * g[j] + G[a][1] * g[3 + j] + G[a][2] * g[6 + j];
            for (int a = 0; a < 6; a++) {
                for (int b = 0; b < 6; b++) {
                    double u = gg[a][0] * G[b][0] + gg[a][1] * G[b][1] + gg[a][2] * G[b][2];
                    long e = a * 6 + b;
                    packed[(e * coutPad + o / 8 * 8) * inChannels + c * 8 + o % 8] = (float)(scale * u);
                }
            }
        }
    }
}

// MARK: slots

typedef rsr_winograd_slot slot;
typedef rsr_winograd_geometry geometry;

geometry rsr_winograd_geometry_of(int batch, int height, int width, int blockTiles) {
    geometry g;
    g.tilesX = (width + 3) / 4;
    g.tilesY = (height + 3) / 4;
    g.slotsPerRow = g.tilesX + 1;
    g.slots = (long)batch * g.tilesY * g.slotsPerRow;
    g.tiles = blockTiles;
    return g;
}

static geometry geometry_of(const rsr_winograd_conv *cv) {
    return rsr_winograd_geometry_of(cv->batch, cv->height, cv->width, cv->blockTiles);
}

long rsr_winograd_block_count(const rsr_winograd_conv *cv) {
    geometry g = geometry_of(cv);
    return (g.slots + g.tiles - 1) / g.tiles;
}

static long row_length(int tiles) { return rsr_winograd_row_length(tiles); }

size_t rsr_winograd_scratch_count(const rsr_winograd_conv *cv) {
    long t = cv->blockTiles, coutPad = (cv->outChannels + 7) / 8 * 8;
    return (size_t)(36 * cv->inChannels * t + 36 * coutPad * t + 6 * row_length(cv->blockTiles) + 64);
}

// MARK: input transform

// Row 4 * (8 tiles) + 4 floats at r -> p[i][t] = r[4t + i], tile lanes in the order 0 2 4 6 | 1 3 5 7.
static inline void deinterleave6(const float *r, __m256 p[6]) {
    rsr_winograd_deinterleave4(r, p);
    __m256 b0 = _mm256_loadu_ps(r + 4), b1 = _mm256_loadu_ps(r + 12);
    __m256 b2 = _mm256_loadu_ps(r + 20), b3 = _mm256_loadu_ps(r + 28);
    __m256 u0 = _mm256_unpacklo_ps(b0, b1), u1 = _mm256_unpacklo_ps(b2, b3);
    p[4] = _mm256_shuffle_ps(u0, u1, 0x44);
    p[5] = _mm256_shuffle_ps(u0, u1, 0xEE);
}

// r = B^T d
static inline void input_1d(const __m256 d[6], __m256 r[6]) {
    const __m256 two = _mm256_set1_ps(2), four = _mm256_set1_ps(4), five = _mm256_set1_ps(5);
    r[0] = _mm256_fmadd_ps(four, d[0], _mm256_fnmadd_ps(five, d[2], d[4]));
    r[1] = _mm256_fnmadd_ps(four, _mm256_add_ps(d[1], d[2]), _mm256_add_ps(d[3], d[4]));
    r[2] = _mm256_fmadd_ps(four, _mm256_sub_ps(d[1], d[2]), _mm256_sub_ps(d[4], d[3]));
    __m256 x = _mm256_sub_ps(d[4], d[2]), y = _mm256_sub_ps(d[3], d[1]);
    r[3] = _mm256_fmadd_ps(two, y, x);
    r[4] = _mm256_fnmadd_ps(two, y, x);
    r[5] = _mm256_fmadd_ps(four, d[1], _mm256_fnmadd_ps(five, d[3], d[5]));
}

// rows [6][row_length] of one channel -> v[e][t] (stride cinTiles between e) for tiles 8g..8g+7; a group
// with direct[g] >= 0 reads its 6 rows of 36 floats straight from `channel` + direct[g], `width` apart.
static void input_transform(const float *rows, long rowLength, const float *channel, const long *direct, int width,
                            int tiles, float *v, long eStride) {
    for (int g = 0; g < tiles / 8; g++) {
        const float *source = direct[g] >= 0 ? channel + direct[g] : rows + 32 * g;
        const long stride = direct[g] >= 0 ? width : rowLength;
        __m256 q[6][6];
        for (int i = 0; i < 6; i++) {
            __m256 p[6];
            deinterleave6(source + i * stride, p);
            input_1d(p, q[i]);
        }
        for (int b = 0; b < 6; b++) {
            __m256 d[6], r[6];
            for (int i = 0; i < 6; i++) d[i] = q[i][b];
            input_1d(d, r);
            for (int a = 0; a < 6; a++) _mm256_storeu_ps(v + (a * 6 + b) * eStride + 8 * g, r[a]);
        }
    }
}

// MARK: output transform

// r = A^T m
static inline void output_1d(const __m256 m[6], __m256 r[4]) {
    const __m256 two = _mm256_set1_ps(2), four = _mm256_set1_ps(4), eight = _mm256_set1_ps(8);
    __m256 s12 = _mm256_add_ps(m[1], m[2]), d12 = _mm256_sub_ps(m[1], m[2]);
    __m256 s34 = _mm256_add_ps(m[3], m[4]), d34 = _mm256_sub_ps(m[3], m[4]);
    r[0] = _mm256_add_ps(_mm256_add_ps(m[0], s12), s34);
    r[1] = _mm256_fmadd_ps(two, d34, d12);
    r[2] = _mm256_fmadd_ps(four, s34, s12);
    r[3] = _mm256_add_ps(_mm256_fmadd_ps(eight, d34, d12), m[5]);
}

// The epilogue of 8 output pixels at `offset` of the output (bias already in x).
static inline __m256 epilogue8(const rsr_winograd_conv *cv, __m256 x, long offset) {
    if (cv->residual) x = _mm256_add_ps(x, _mm256_loadu_ps(cv->residual + offset));
    if (cv->relu) x = _mm256_max_ps(x, _mm256_setzero_ps());
    if (cv->mask) x = _mm256_and_ps(x, _mm256_cmp_ps(_mm256_loadu_ps(cv->mask + offset), _mm256_setzero_ps(), _CMP_GT_OQ));
    return x;
}

// `count` (<= 32) contiguous output pixels at `offset` from `buffer`, with the epilogue: whole vectors,
// then one masked vector for the rest (the 4 pixels of a half vector, or the 1-3 of a partial tile).
static inline void store_pixels(const rsr_winograd_conv *cv, const float *buffer, long offset, int count,
                                __m256 biasV) {
    int k = 0;
    for (; k + 8 <= count; k += 8)
        _mm256_storeu_ps(cv->output + offset + k,
                         epilogue8(cv, _mm256_add_ps(_mm256_loadu_ps(buffer + k), biasV), offset + k));
    if (k == count) return;
    // buffer holds 32 floats and k <= 24: the whole vector is readable there, the image only under the mask.
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(count - k), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const long at = offset + k;
    __m256 x = _mm256_add_ps(_mm256_loadu_ps(buffer + k), biasV);
    if (cv->residual) x = _mm256_add_ps(x, _mm256_maskload_ps(cv->residual + at, mask));
    if (cv->relu) x = _mm256_max_ps(x, _mm256_setzero_ps());
    if (cv->mask)
        x = _mm256_and_ps(x, _mm256_cmp_ps(_mm256_maskload_ps(cv->mask + at, mask), _mm256_setzero_ps(), _CMP_GT_OQ));
    _mm256_maskstore_ps(cv->output + at, mask, x);
}

void rsr_winograd_block_groups(const slot *slots, int tiles, int outChannels, int height, int width,
                               rsr_winograd_group *groups) {
    const long plane = (long)height * width, image = (long)outChannels * plane;
    for (int g = 0; g < tiles / 8; g++) {
        const slot *first = slots + 8 * g;
        rsr_winograd_group *group = groups + g;
        group->count = 0;
        for (int t = 0; t < 8;) {
            const slot *sl = first + t;
            if (sl->tx < 0) {
                t++;
                continue;
            }
            int length = 1;
            while (t + length < 8 && first[t + length].tx == sl->tx + length && first[t + length].ty == sl->ty &&
                   first[t + length].n == sl->n)
                length++;
            int x0 = 4 * sl->tx, y0 = 4 * sl->ty;
            int count = width - x0 < 4 * length ? width - x0 : 4 * length;
            int rows = height - y0 < 4 ? height - y0 : 4;
            rsr_winograd_segment *segment = group->segments + group->count++;
            segment->base = sl->n * image + (long)y0 * width + x0;
            segment->t = (short)t;
            segment->count = (short)count;
            segment->rows = (short)rows;
            t += length;
        }
    }
}

void rsr_winograd_store_tiles8(const rsr_winograd_conv *cv, const float rowsOut[4][32], const rsr_winograd_group *group,
                               int o) {
    const long plane = (long)cv->height * cv->width;
    const __m256 biasV = _mm256_set1_ps(cv->bias ? cv->bias[o] : 0);
    for (int s = 0; s < group->count; s++) {
        const rsr_winograd_segment *segment = group->segments + s;
        const long base = segment->base + o * plane;
        if (segment->count == 32) {
            // A whole group in one tile row: 4 full vectors a row.
            for (int i = 0; i < segment->rows; i++) {
                const float *buffer = rowsOut[i];
                const long offset = base + (long)i * cv->width;
                for (int k = 0; k < 32; k += 8)
                    _mm256_storeu_ps(cv->output + offset + k,
                                     epilogue8(cv, _mm256_add_ps(_mm256_loadu_ps(buffer + k), biasV), offset + k));
            }
            continue;
        }
        for (int i = 0; i < segment->rows; i++)
            store_pixels(cv, rowsOut[i] + 4 * segment->t, base + (long)i * cv->width, segment->count, biasV);
    }
}

// m[e][t] (stride eStride) of output channel o -> the block's output pixels, with the epilogue.
static void output_transform(const rsr_winograd_conv *cv, const float *m, long eStride,
                             const rsr_winograd_group *groups, int tiles, int o) {
    for (int g = 0; g < tiles / 8; g++) {
        __m256 s[6][4], y[4][4];
        for (int a = 0; a < 6; a++) {
            __m256 v[6];
            for (int b = 0; b < 6; b++) v[b] = _mm256_loadu_ps(m + (a * 6 + b) * eStride + 8 * g);
            output_1d(v, s[a]);
        }
        for (int j = 0; j < 4; j++) {
            __m256 v[6], r[4];
            for (int a = 0; a < 6; a++) v[a] = s[a][j];
            output_1d(v, r);
            for (int i = 0; i < 4; i++) y[i][j] = r[i];
        }
        float rowsOut[4][32];
        for (int i = 0; i < 4; i++) rsr_winograd_interleave4(y[i], rowsOut[i]);
        rsr_winograd_store_tiles8(cv, (const float (*)[32])rowsOut, groups + g, o);
    }
}

// MARK: blocks

int rsr_winograd_block_runs(const geometry *geo, long block, slot *slots, int (*runs)[5]) {
    const int tiles = geo->tiles;
    int runCount = 0;
    for (int t = 0; t < tiles; t++) {
        long s = block * tiles + t;
        slot sl = {0, 0, -1};
        if (s < geo->slots) {
            long perImage = (long)geo->tilesY * geo->slotsPerRow;
            sl.n = (int)(s / perImage);
            long rest = s % perImage;
            sl.ty = (int)(rest / geo->slotsPerRow);
            int tx = (int)(rest % geo->slotsPerRow);
            sl.tx = tx < geo->tilesX ? tx : -1;
        }
        slots[t] = sl;
        if (sl.tx < 0) continue;
        int *last = runCount ? runs[runCount - 1] : NULL;
        if (last && last[1] == sl.n && last[2] == sl.ty && last[0] + last[4] == t) {
            last[4]++;
        } else {
            int *run = runs[runCount++];
            run[0] = t; run[1] = sl.n; run[2] = sl.ty; run[3] = sl.tx; run[4] = 1;
        }
    }
    return runCount;
}

// The 6x36 input patch of 8-tile group g where it lies inside one image (offset of its top-left pixel in
// channel 0 of the input), else -1: such groups (most of them at 512x512) are transformed from the image
// with no gathered copy. Only for the AVX2 transform; the AVX-512 one reads every group gathered.
static void direct_groups(const int (*runs)[5], int runCount, int cin, int height, int width, int tiles, long *direct) {
    for (int g = 0; g < tiles / 8; g++) direct[g] = -1;
    for (int r = 0; r < runCount; r++) {
        const int *run = runs[r];
        if (4 * run[2] - 1 < 0 || 4 * run[2] + 4 > height - 1) continue;
        for (int g = (run[0] + 7) / 8; 8 * g + 8 <= run[0] + run[4]; g++) {
            int tx = run[3] + (8 * g - run[0]);
            if (4 * tx - 1 >= 0 && 4 * tx + 34 <= width - 1)
                direct[g] = (long)run[1] * cin * height * width + (long)(4 * run[2] - 1) * width + 4 * tx - 1;
        }
    }
}

// End of the piece of a run that starts at slot `first`: the end of its 8-slot group or of the run.
static inline int piece_end(int first, int limit) {
    int next = (first / 8 + 1) * 8;
    return next < limit ? next : limit;
}

void rsr_winograd_transform_block_input(const float *input, int cin, int height, int width, const int (*runs)[5],
                                        int runCount, float *rows, int tiles, float *v, int isa) {
    const long rowLength = row_length(tiles), inPlane = (long)height * width;
    long direct[RSR_WINOGRAD_MAX_BLOCK / 8];
    if (isa == RSR_ISA_AVX512) {
        for (int g = 0; g < tiles / 8; g++) direct[g] = -1;
    } else {
        direct_groups(runs, runCount, cin, height, width, tiles, direct);
    }
    // Zero padding and unused slots stay zero for every channel: only the image parts are rewritten.
    memset(rows, 0, sizeof(float) * 6 * rowLength);
    for (int c = 0; c < cin; c++) {
        if (c + RSR_WINOGRAD_PREFETCH_CHANNELS < cin) {
            for (int r = 0; r < runCount; r++) {
                const int *run = runs[r];
                const float *plane = input + ((long)run[1] * cin + c + RSR_WINOGRAD_PREFETCH_CHANNELS) * inPlane;
                int y0 = 4 * run[2] - 1 < 0 ? 0 : 4 * run[2] - 1, y1 = 4 * run[2] + 4 >= height ? height - 1 : 4 * run[2] + 4;
                int x0 = 4 * run[3] - 1 < 0 ? 0 : 4 * run[3] - 1, x1 = 4 * (run[3] + run[4]);
                if (x1 >= width) x1 = width - 1;
                for (int y = y0; y <= y1; y++) rsr_winograd_prefetch(plane + (long)y * width + x0, plane + (long)y * width + x1);
            }
        }
        // Gather the runs' pieces in groups not read directly (a piece: the slots of one run in one group).
        for (int r = 0; r < runCount; r++) {
            const int *run = runs[r];
            const float *plane = input + ((long)run[1] * cin + c) * inPlane;
            const int limit = run[0] + run[4];
            for (int first = run[0]; first < limit;) {
                int end = piece_end(first, limit);
                if (direct[first / 8] >= 0) {
                    first = end;
                    continue;
                }
                // Direct groups' pieces are skipped: merge consecutive gathered pieces into one copy.
                while (end < limit && direct[end / 8] < 0) end = piece_end(end, limit);
                int tx = run[3] + (first - run[0]);
                int x0 = 4 * tx - 1, x1 = 4 * (tx + end - first);  // inclusive image columns
                int lo = x0 < 0 ? 0 : x0, hi = x1 >= width ? width - 1 : x1;
                if (hi >= lo) {
                    for (int i = 0; i < 6; i++) {
                        int y = 4 * run[2] - 1 + i;
                        float *dst = rows + i * rowLength + 4 * first + (lo - x0);
                        if (y >= 0 && y < height) rsr_winograd_copy_floats(dst, plane + (long)y * width + lo, hi - lo + 1);
                    }
                }
                first = end;
            }
        }
        if (isa == RSR_ISA_AVX512) {
            rsr_winograd_input_transform_avx512(rows, rowLength, tiles, v + (long)c * tiles, (long)cin * tiles);
        } else {
            input_transform(rows, rowLength, input + c * inPlane, direct, width, tiles, v + (long)c * tiles,
                            (long)cin * tiles);
        }
    }
}

// MARK: driver

// The residual, mask and output pixels the epilogue of channel o touches in this block.
static void prefetch_outputs(const rsr_winograd_conv *cv, const rsr_winograd_group *groups, int tiles, int o) {
    const long plane = (long)cv->height * cv->width;
    for (int g = 0; g < tiles / 8; g++) {
        for (int s = 0; s < groups[g].count; s++) {
            const rsr_winograd_segment *segment = groups[g].segments + s;
            for (int i = 0; i < segment->rows; i++) {
                long from = segment->base + o * plane + (long)i * cv->width, to = from + segment->count - 1;
                if (cv->residual) rsr_winograd_prefetch(cv->residual + from, cv->residual + to);
                if (cv->mask) rsr_winograd_prefetch(cv->mask + from, cv->mask + to);
                if (cv->output != cv->residual) rsr_winograd_prefetch(cv->output + from, cv->output + to);
            }
        }
    }
}

void rsr_winograd_run(const rsr_winograd_conv *cv, long firstBlock, long blockCount, float *scratch) {
    const geometry geo = geometry_of(cv);
    const int tiles = geo.tiles, cin = cv->inChannels, coutPad = (cv->outChannels + 7) / 8 * 8;
    float *v = scratch, *m = v + 36L * cin * tiles, *rows = m + 36L * coutPad * tiles;
    slot slots[RSR_WINOGRAD_MAX_BLOCK];
    rsr_winograd_group groups[RSR_WINOGRAD_MAX_BLOCK / 8];
    // Runs of consecutive tiles of one tile row: (first slot in block, n, ty, first tx, count).
    int runs[RSR_WINOGRAD_MAX_BLOCK][5];
    for (long block = firstBlock; block < firstBlock + blockCount; block++) {
        int runCount = rsr_winograd_block_runs(&geo, block, slots, runs);
        rsr_winograd_block_groups(slots, tiles, cv->outChannels, cv->height, cv->width, groups);
        rsr_winograd_transform_block_input(cv->input, cin, cv->height, cv->width, runs, runCount, rows, tiles, v,
                                           cv->isa);
        for (int o = 0; o < RSR_WINOGRAD_PREFETCH_CHANNELS && o < cv->outChannels; o++) prefetch_outputs(cv, groups, tiles, o);
        if (cv->isa == RSR_ISA_AVX512) {
            rsr_winograd_gemm_avx512(cv->weights, v, m, cin, coutPad, tiles);
            for (int o = 0; o < cv->outChannels; o++) {
                if (o + RSR_WINOGRAD_PREFETCH_CHANNELS < cv->outChannels)
                    prefetch_outputs(cv, groups, tiles, o + RSR_WINOGRAD_PREFETCH_CHANNELS);
                rsr_winograd_output_transform_avx512(cv, m + (long)o * tiles, (long)coutPad * tiles, groups, tiles, o);
            }
        } else {
            // AVX2 (Zen 3: 512 KB L2): the GEMMs and the output transform one 8-channel panel at a time, so M
            // is [36][8][tiles] (28 KB at 24 tiles), read back while hot, and V + U + M stay in L2.
            for (int p = 0; p < cv->outChannels; p += 8) {
                const int rows = cv->outChannels - p < 8 ? cv->outChannels - p : 8;
                rsr_winograd_gemm_avx2_panel(cv->weights, v, m, cin, coutPad, tiles, p, rows);
                for (int o = p; o < p + rows; o++) {
                    if (o + RSR_WINOGRAD_PREFETCH_CHANNELS < cv->outChannels)
                        prefetch_outputs(cv, groups, tiles, o + RSR_WINOGRAD_PREFETCH_CHANNELS);
                    output_transform(cv, m + (long)(o - p) * tiles, 8L * tiles, groups, tiles, o);
                }
            }
        }
    }
}

#endif
