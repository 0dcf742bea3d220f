import ResidualSRCore

/// One 3x3 conv trained as a sum of linear branches (ECBSR, Zhang et al. 2021; RepVGG, Ding et al. 2021)
/// and merged exactly into a plain 3x3 conv + bias, so training runs the engine's fast conv on the
/// merged kernel and inference never sees the branches:
///
///   y = conv3x3(x) + conv3x3'(pad_b0(conv1x1(x) + b0)) + sum_mask scale * mask(pad_0(conv1x1(x)))
///       + identity * x (only when inChannels == outChannels)
///
/// The expand branch pads its 1x1 output with its bias b0, which is what a 1x1 conv of the zero-padded
/// input gives, so the merge is exact at the borders too. The mask branches (Sobel-x, Sobel-y,
/// Laplacian, each with a learnt per-channel scale) have no 1x1 bias: every mask sums to zero, so such a
/// bias could never change the output and would be a parameter without a gradient. All branches share one
/// output bias (the 3x3 branch's): separate ones would only add up to it.
public final class RepConv: @unchecked Sendable {
    public let name: String
    public let inChannels: Int
    public let outChannels: Int
    /// Channels between the expand branch's 1x1 and its 3x3 (ECBSR's depth multiplier 2).
    public let middleChannels: Int

    public let conv3x3Weight: Parameter
    public let conv3x3Bias: Parameter
    public let expandReduceWeight: Parameter
    public let expandReduceBias: Parameter
    public let expandWeight: Parameter
    /// Per mask: the 1x1 weight [out, in] and the per-channel scale [out].
    public let maskWeights: [Parameter]
    public let maskScales: [Parameter]
    public let identityScale: Parameter?

    /// Sobel-x, Sobel-y and Laplacian, row-major (ky * 3 + kx), applied as cross-correlation like the convs.
    public static let masks: [(name: String, values: [Float])] = [
        ("sobel_x", [1, 0, -1, 2, 0, -2, 1, 0, -1]),
        ("sobel_y", [1, 2, 1, 0, 0, 0, -1, -2, -1]),
        ("laplacian", [0, 1, 0, 1, -4, 1, 0, 1, 0]),
    ]

    public init(inChannels: Int, outChannels: Int, name: String) {
        self.name = name
        self.inChannels = inChannels
        self.outChannels = outChannels
        middleChannels = 2 * outChannels
        let prefix = name + ".rep."
        conv3x3Weight = Parameter(name: prefix + "conv3x3.weight", shape: [outChannels, inChannels, 3, 3])
        conv3x3Bias = Parameter(name: prefix + "conv3x3.bias", shape: [outChannels])
        expandReduceWeight = Parameter(name: prefix + "expand.reduce.weight", shape: [middleChannels, inChannels, 1, 1])
        expandReduceBias = Parameter(name: prefix + "expand.reduce.bias", shape: [middleChannels])
        expandWeight = Parameter(name: prefix + "expand.conv.weight", shape: [outChannels, middleChannels, 3, 3])
        maskWeights = Self.masks.map { Parameter(name: prefix + $0.name + ".weight", shape: [outChannels, inChannels, 1, 1]) }
        maskScales = Self.masks.map { Parameter(name: prefix + $0.name + ".scale", shape: [outChannels]) }
        identityScale = inChannels == outChannels ? Parameter(name: prefix + "identity.scale", shape: [outChannels]) : nil
    }

    public convenience init(for conv: Conv2D) {
        precondition(conv.kernel == 3, "only 3x3 convs are re-parameterised")
        self.init(inChannels: conv.inChannels, outChannels: conv.outChannels,
                  name: String(conv.weight.name.dropLast(".weight".count)))
    }

    public var parameters: [Parameter] {
        [conv3x3Weight, conv3x3Bias, expandReduceWeight, expandReduceBias, expandWeight]
            + zip(maskWeights, maskScales).flatMap { [$0, $1] } + (identityScale.map { [$0] } ?? [])
    }

    // MARK: Merge

    /// kernel [out, in, 3, 3], bias [out] = the sum of all branches.
    public func merged(includeConv3x3: Bool = true) -> (kernel: [Float], bias: [Float]) {
        let (o, i, m) = (outChannels, inChannels, middleChannels)
        var kernel = includeConv3x3 ? conv3x3Weight.values : [Float](repeating: 0, count: o * i * 9)
        var bias = includeConv3x3 ? conv3x3Bias.values : [Float](repeating: 0, count: o)
        let k0 = expandReduceWeight.value, b0 = expandReduceBias.value, k1 = expandWeight.value
        kernel.withUnsafeMutableBufferPointer { kernel in
            for out in 0..<o {
                for mid in 0..<m {
                    var tapSum: Float = 0
                    for p in 0..<9 {
                        let tap = k1[(out * m + mid) * 9 + p]
                        tapSum += tap
                        for input in 0..<i { kernel[(out * i + input) * 9 + p] += tap * k0[mid * i + input] }
                    }
                    bias[out] += b0[mid] * tapSum
                }
            }
            for (mask, (weight, scale)) in zip(Self.masks, zip(maskWeights, maskScales)) {
                for out in 0..<o {
                    for input in 0..<i {
                        let w = scale.value[out] * weight.value[out * i + input]
                        for p in 0..<9 { kernel[(out * i + input) * 9 + p] += w * mask.values[p] }
                    }
                }
            }
            if let identityScale {
                for out in 0..<o { kernel[(out * i + out) * 9 + 4] += identityScale.value[out] }
            }
        }
        return (kernel, bias)
    }

    /// Writes the merged kernel and bias into `conv` (the layer forward and backward run on).
    public func merge(into conv: Conv2D) {
        let (kernel, bias) = merged()
        conv.weight.set(kernel)
        conv.bias.set(bias)
    }

    /// Sets the 3x3 branch so the merged conv equals `conv`'s current weights exactly where the other
    /// branches add nothing, and up to rounding elsewhere: a re-parameterised run starts from the same
    /// function as a plain one (its initialisation or `--init` model).
    public func absorb(_ conv: Conv2D) {
        let (others, otherBias) = merged(includeConv3x3: false)
        conv3x3Weight.set(zip(conv.weight.values, others).map { $0 - $1 })
        conv3x3Bias.set(zip(conv.bias.values, otherBias).map { $0 - $1 })
    }

    // MARK: Gradient

    /// Chain rule from the merged conv's gradient (`conv.weight.grad`, `conv.bias.grad`) to the branch
    /// parameters; ADDS into their gradients.
    public func accumulateGradient(from conv: Conv2D) {
        let (o, i, m) = (outChannels, inChannels, middleChannels)
        let dK = conv.weight.grad, dB = conv.bias.grad
        for j in 0..<(o * i * 9) { conv3x3Weight.grad[j] += dK[j] }
        for j in 0..<o { conv3x3Bias.grad[j] += dB[j] }
        let k0 = expandReduceWeight.value, b0 = expandReduceBias.value, k1 = expandWeight.value
        let dk0 = expandReduceWeight.grad, db0 = expandReduceBias.grad, dk1 = expandWeight.grad
        for out in 0..<o {
            for mid in 0..<m {
                var biasTerm: Float = 0
                for p in 0..<9 {
                    let tap = k1[(out * m + mid) * 9 + p]
                    var sum: Float = 0
                    for input in 0..<i {
                        let g = dK[(out * i + input) * 9 + p]
                        sum += g * k0[mid * i + input]
                        dk0[mid * i + input] += g * tap
                    }
                    dk1[(out * m + mid) * 9 + p] += sum + dB[out] * b0[mid]
                    biasTerm += tap
                }
                db0[mid] += dB[out] * biasTerm
            }
        }
        for (mask, (weight, scale)) in zip(Self.masks, zip(maskWeights, maskScales)) {
            for out in 0..<o {
                var scaleGrad: Float = 0
                for input in 0..<i {
                    var projected: Float = 0
                    for p in 0..<9 { projected += mask.values[p] * dK[(out * i + input) * 9 + p] }
                    weight.grad[out * i + input] += scale.value[out] * projected
                    scaleGrad += weight.value[out * i + input] * projected
                }
                scale.grad[out] += scaleGrad
            }
        }
        if let identityScale {
            for out in 0..<o { identityScale.grad[out] += dK[(out * i + out) * 9 + 4] }
        }
    }
}
