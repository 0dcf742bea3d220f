#ifndef RSR_CKERNELS_H
#define RSR_CKERNELS_H

#include <stddef.h>

// Winograd F(4x4, 3x3) convolution (stride 1, zero padding 1) on NCHW float32 tensors.
//
// Tiles of 4x4 output pixels are enumerated image by image, tile row by tile row, with one unused slot
// after each tile row so that a run of slots is a uniform stride-4 stream; blocks of `blockTiles` slots are
// transformed, multiplied (36 small GEMMs) and transformed back one at a time, so the transformed data
// stays in L2.

enum { RSR_ISA_AVX2 = 0, RSR_ISA_AVX512 = 1 };

typedef struct {
    const float *input;     // [batch][inChannels][height][width]
    float *output;          // [batch][outChannels][height][width]
    const float *residual;  // NULL, or a tensor of the output's shape (may be `output` itself)
    const float *mask;      // NULL, or a tensor of the output's shape: outputs where it is <= 0 become 0
                            // (the backward of the ReLU that made it), after the residual add
    const float *weights;   // rsr_winograd_pack_weights layout
    const float *bias;      // NULL or [outChannels], added before the residual
    int batch, inChannels, outChannels, height, width;
    int relu;               // max(0, .) after the residual add
    int isa;                // RSR_ISA_AVX2 or RSR_ISA_AVX512 (the latter only where supported)
    int blockTiles;         // slots per block, at most RSR_WINOGRAD_MAX_BLOCK: a multiple of 24 (AVX2), of 48
                            // (AVX-512)
} rsr_winograd_conv;

#define RSR_WINOGRAD_MAX_BLOCK 384

/// 1 where the Winograd kernels are compiled in (x86); elsewhere every other rsr_winograd_* function
/// must not be called (the im2col path is the one taken).
int rsr_winograd_supported(void);

/// 1 when the CPU (and OS) run AVX-512F code.
int rsr_cpu_supports_avx512(void);

/// Floats of packed weights for a conv of this shape.
size_t rsr_winograd_weights_count(int outChannels, int inChannels);

/// weight [outChannels][inChannels][3][3] -> scale * G g G^T, packed [36][ceil(out/8)][in][8].
void rsr_winograd_pack_weights(const float *weight, int outChannels, int inChannels, float scale, float *packed);

long rsr_winograd_block_count(const rsr_winograd_conv *conv);

/// Floats of scratch one caller of rsr_winograd_run needs (64-byte aligned).
size_t rsr_winograd_scratch_count(const rsr_winograd_conv *conv);

/// Computes blocks [firstBlock, firstBlock + blockCount); callers on different threads use disjoint
/// blocks and their own scratch.
void rsr_winograd_run(const rsr_winograd_conv *conv, long firstBlock, long blockCount, float *scratch);

// The weight gradient of the same convolution in the Winograd domain: per block of tiles, dU_e += dM_e V_e^T
// with V = B^T d B of the input and dM = A dY A^T of the output gradient, accumulated per caller in
// [36][ceil8(outChannels)][ceil16(inChannels)] floats; rsr_winograd_wgrad_finish adds G^T dU G to the weights'
// gradient.
typedef struct {
    const float *input;       // [batch][inChannels][height][width]
    const float *outputGrad;  // [batch][outChannels][height][width]
    int batch, inChannels, outChannels, height, width;
    int isa;
    int blockTiles;           // as in rsr_winograd_conv
} rsr_winograd_wgrad;

size_t rsr_winograd_wgrad_accumulator_count(int outChannels, int inChannels);
long rsr_winograd_wgrad_block_count(const rsr_winograd_wgrad *wgrad);
size_t rsr_winograd_wgrad_scratch_count(const rsr_winograd_wgrad *wgrad);

/// Adds blocks [firstBlock, firstBlock + blockCount) into `accumulator` (zeroed by the caller before its
/// first call); callers on different threads use their own scratch and accumulator.
void rsr_winograd_wgrad_run(const rsr_winograd_wgrad *wgrad, long firstBlock, long blockCount, float *scratch,
                            float *accumulator);

/// weightGrad [outChannels][inChannels][3][3] += G^T dU G of the (summed) accumulator.
void rsr_winograd_wgrad_finish(const float *accumulator, int outChannels, int inChannels, float *weightGrad);

/// C[m][n] += sum_q<p A[m][q] B[n][q] (row strides lda, ldb, ldc): the conv weight gradient dY * col^T.
void rsr_gemm_abt(const float *a, long lda, const float *b, long ldb, float *c, long ldc, int m, int n, long p,
                  int isa);

#endif
