#ifndef RSR_WINOGRAD_INTERNAL_H
#define RSR_WINOGRAD_INTERNAL_H

#include "CKernels.h"

// The kernels are AVX2/AVX-512 intrinsics; elsewhere only portable.c is compiled and Swift takes im2col.
#if defined(__x86_64__) || defined(__i386__)
#define RSR_X86 1
#else
#define RSR_X86 0
#endif

// u [36][coutPad][cin] in 8-row panels, v [36][cin][tiles], m [36][coutPad][tiles]; tiles a multiple of 48.
void rsr_winograd_gemm_avx2(const float *u, const float *v, float *m, int cin, int coutPad, int tiles);
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

/// B^T d B of every tile of a block: input [batch][cin][height][width] -> v [36][cin][tiles], through
/// `rows` [6][rsr_winograd_row_length(tiles)].
void rsr_winograd_transform_block_input(const float *input, int cin, int height, int width, const int (*runs)[5],
                                        int runCount, float *rows, int tiles, float *v);

#endif
