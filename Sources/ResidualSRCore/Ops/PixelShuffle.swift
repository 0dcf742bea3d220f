/// Pixel shuffle in PyTorch's `PixelShuffle` channel order (ONNX DepthToSpace CRD):
/// out[n, c, y*s + i, x*s + j] = in[n, (c*s + i)*s + j, y, x].
enum PixelShuffle {
    /// in [N, C*s*s, H, W] -> out [N, C, H*s, W*s]
    static func forward(_ input: Tensor, scale s: Int, into output: Tensor) {
        let (channels, height, width) = (output.channels, input.height, input.width)
        precondition(input.channels == channels * s * s && output.height == height * s && output.width == width * s)
        for n in 0..<input.batch {
            let src = input.image(n), dst = output.image(n)
            for c in 0..<channels {
                for i in 0..<s {
                    for j in 0..<s {
                        let plane = src + ((c * s + i) * s + j) * height * width
                        for y in 0..<height {
                            let row = dst + (c * height * s + y * s + i) * width * s + j
                            let source = plane + y * width
                            for x in 0..<width { row[x * s] = source[x] }
                        }
                    }
                }
            }
        }
    }

    /// The inverse permutation: grad of out [N, C, H*s, W*s] -> grad of in [N, C*s*s, H, W].
    static func backward(_ outputGrad: Tensor, scale s: Int, into inputGrad: Tensor) {
        let (channels, height, width) = (outputGrad.channels, inputGrad.height, inputGrad.width)
        for n in 0..<outputGrad.batch {
            let src = outputGrad.image(n), dst = inputGrad.image(n)
            for c in 0..<channels {
                for i in 0..<s {
                    for j in 0..<s {
                        let plane = dst + ((c * s + i) * s + j) * height * width
                        for y in 0..<height {
                            let row = src + (c * height * s + y * s + i) * width * s + j
                            let target = plane + y * width
                            for x in 0..<width { target[x] = row[x * s] }
                        }
                    }
                }
            }
        }
    }
}
