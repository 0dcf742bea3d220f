/// Pixel shuffle in PyTorch's `PixelShuffle` channel order (ONNX DepthToSpace CRD):
/// out[n, c, y*s + i, x*s + j] = in[n, (c*s + i)*s + j, y, x].
enum PixelShuffle {
    /// in [N, C*s*s, H, W] -> out [N, C, H*s, W*s]
    static func forward(_ input: Tensor, scale s: Int, into output: Tensor) {
        precondition(input.channels == output.channels * s * s && output.height == input.height * s
            && output.width == input.width * s)
        forEachRow(planes: input, shuffled: output, scale: s) { plane, shuffled, width in
            for x in 0..<width { shuffled[x * s] = plane[x] }
        }
    }

    /// The inverse permutation: grad of out [N, C, H*s, W*s] -> grad of in [N, C*s*s, H, W].
    static func backward(_ outputGrad: Tensor, scale s: Int, into inputGrad: Tensor) {
        precondition(inputGrad.channels == outputGrad.channels * s * s && outputGrad.height == inputGrad.height * s
            && outputGrad.width == inputGrad.width * s)
        forEachRow(planes: inputGrad, shuffled: outputGrad, scale: s) { plane, shuffled, width in
            for x in 0..<width { plane[x] = shuffled[x * s] }
        }
    }

    /// The one walk of the permutation: `body(plane, shuffled, W)` for each row of each plane of
    /// `planes` [N, C*s*s, H, W], with `shuffled` at its first sample in [N, C, H*s, W*s] (stride s).
    @inline(__always)
    private static func forEachRow(planes: Tensor, shuffled: Tensor, scale s: Int,
                                   _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) {
        let (channels, height, width) = (shuffled.channels, planes.height, planes.width)
        for n in 0..<planes.batch {
            let source = planes.image(n), target = shuffled.image(n)
            for c in 0..<channels {
                for i in 0..<s {
                    for j in 0..<s {
                        let plane = source + ((c * s + i) * s + j) * height * width
                        for y in 0..<height {
                            body(plane + y * width, target + (c * height * s + y * s + i) * width * s + j, width)
                        }
                    }
                }
            }
        }
    }
}
