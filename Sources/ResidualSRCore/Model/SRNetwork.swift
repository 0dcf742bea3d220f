/// Shape of the residual SR network.
public struct NetworkConfig: Sendable, Equatable, Codable {
    public var channels: Int
    public var blocks: Int
    public var scale: Int
    /// Multiplies each block's residual branch (EDSR's residual scaling).
    public var resScale: Float

    public init(channels: Int = 32, blocks: Int = 8, scale: Int = 2, resScale: Float = 1) {
        self.channels = channels
        self.blocks = blocks
        self.scale = scale
        self.resScale = resScale
    }

    /// Stacked 3x3 convs between input and output: the receptive-field radius in LR pixels.
    public var convDepth: Int { 2 * blocks + 3 }

    /// Conv multiply-adds per LR pixel.
    public var macsPerPixel: Int {
        9 * (3 * channels + 2 * blocks * channels * channels + channels * channels + 3 * scale * scale * channels)
    }
}

/// The residual network: r = pixel_shuffle(tail(body_end(blocks(f0)) + f0)), f0 = head(x), blocks
/// h + resScale * conv2(relu(conv1(h))). The model output is bicubic(x) + r (see `SRModel`); this class is
/// only the learned residual, forward (inference and training) and backward.
public final class SRNetwork: @unchecked Sendable {
    public let config: NetworkConfig
    public let head: Conv2D
    public let body: [(conv1: Conv2D, conv2: Conv2D)]
    public let bodyEnd: Conv2D
    public let tail: Conv2D

    public init(_ config: NetworkConfig) {
        self.config = config
        let c = config.channels
        head = Conv2D(inChannels: 3, outChannels: c, name: "head")
        body = (0..<config.blocks).map { i in
            (Conv2D(inChannels: c, outChannels: c, name: "body.\(i).conv1"),
             Conv2D(inChannels: c, outChannels: c, name: "body.\(i).conv2"))
        }
        bodyEnd = Conv2D(inChannels: c, outChannels: c, name: "body_end")
        tail = Conv2D(inChannels: c, outChannels: 3 * config.scale * config.scale, name: "tail")
    }

    public var layers: [Conv2D] { [head] + body.flatMap { [$0.conv1, $0.conv2] } + [bodyEnd, tail] }
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    // MARK: Inference

    /// x [N, 3, H, W] -> residual [N, 3, H*s, W*s]. Keeps three C-channel activations alive.
    public func residual(_ x: Tensor) -> Tensor {
        let f0 = head.output(for: x)
        head.forward(x, into: f0)
        let h = f0.copy()
        let t = Tensor(shapeOf: f0, zeroed: false)
        for block in body {
            block.conv1.forward(h, into: t, relu: true)
            block.conv2.forward(t, into: h, residual: h, scale: config.resScale)
        }
        bodyEnd.forward(h, into: t, residual: f0)
        let tailOut = tail.output(for: t)
        tail.forward(t, into: tailOut)
        let s = config.scale
        let r = Tensor(batch: x.batch, channels: 3, height: x.height * s, width: x.width * s, zeroed: false)
        PixelShuffle.forward(tailOut, scale: s, into: r)
        return r
    }

    // MARK: Training

    /// Activations kept by `forwardTraining` for `backward`.
    public struct Activations {
        let input: Tensor
        let f0: Tensor
        /// hs[i] is the input of block i; hs[blocks] the input of body_end.
        let hs: [Tensor]
        /// relus[i] = relu(conv1(hs[i])), the input of block i's conv2.
        let relus: [Tensor]
        let tailInput: Tensor
    }

    public func forwardTraining(_ x: Tensor) -> (residual: Tensor, activations: Activations) {
        let f0 = head.output(for: x)
        head.forward(x, into: f0)
        var hs = [f0]
        var relus: [Tensor] = []
        for block in body {
            let t = Tensor(shapeOf: f0, zeroed: false)
            block.conv1.forward(hs.last!, into: t, relu: true)
            let next = Tensor(shapeOf: f0, zeroed: false)
            block.conv2.forward(t, into: next, residual: hs.last!, scale: config.resScale)
            relus.append(t)
            hs.append(next)
        }
        let e = Tensor(shapeOf: f0, zeroed: false)
        bodyEnd.forward(hs.last!, into: e, residual: f0)
        let tailOut = tail.output(for: e)
        tail.forward(e, into: tailOut)
        let s = config.scale
        let r = Tensor(batch: x.batch, channels: 3, height: x.height * s, width: x.width * s, zeroed: false)
        PixelShuffle.forward(tailOut, scale: s, into: r)
        return (r, Activations(input: x, f0: f0, hs: hs, relus: relus, tailInput: e))
    }

    /// Accumulates every parameter's gradient from d(loss)/d(residual).
    public func backward(_ activations: Activations, residualGrad: Tensor) {
        let a = activations
        let tailGrad = Tensor(batch: a.f0.batch, channels: tail.outChannels, height: a.f0.height,
                              width: a.f0.width, zeroed: false)
        PixelShuffle.backward(residualGrad, scale: config.scale, into: tailGrad)
        // d(tail input) = gradient at e = body_end(h_B) + f0: flows to f0 directly and through body_end.
        let eGrad = Tensor(shapeOf: a.f0)
        tail.backward(input: a.tailInput, outputGrad: tailGrad, inputGrad: eGrad)
        let hGrad = Tensor(shapeOf: a.f0)
        bodyEnd.backward(input: a.hs[config.blocks], outputGrad: eGrad, inputGrad: hGrad)
        let scale = config.resScale
        let branchGrad = scale == 1 ? hGrad : Tensor(shapeOf: a.f0, zeroed: false)
        let reluGrad = Tensor(shapeOf: a.f0, zeroed: false)
        for i in stride(from: config.blocks - 1, through: 0, by: -1) {
            let block = body[i]
            // h_{i+1} = h_i + resScale * conv2(relu(conv1(h_i))): d(h_i) = d(h_{i+1}) + conv1's input
            // gradient, added in place once conv2 has read d(h_{i+1}).
            if scale != 1 { for j in 0..<hGrad.count { branchGrad.data[j] = scale * hGrad.data[j] } }
            block.conv2.backwardThroughReLU(input: a.relus[i], outputGrad: branchGrad, into: reluGrad)
            block.conv1.backward(input: a.hs[i], outputGrad: reluGrad, inputGrad: hGrad)
        }
        for j in 0..<hGrad.count { hGrad.data[j] += eGrad.data[j] }
        head.backward(input: a.input, outputGrad: hGrad, inputGrad: nil)
    }

    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }
}
