import ResidualSRCore

extension RepConv {
    /// The branched conv computed branch by branch, each as its own convolution, in double precision:
    /// the reference the merged kernel is tested against. x [N, in, H, W] -> [N, out, H, W].
    func branchedForward(_ x: Tensor) -> Tensor {
        precondition(x.channels == inChannels)
        let (h, w) = (x.height, x.width)
        let y = Tensor(batch: x.batch, channels: outChannels, height: h, width: w)
        func input(_ n: Int, _ c: Int, _ yy: Int, _ xx: Int) -> Double {
            yy < 0 || yy >= h || xx < 0 || xx >= w ? 0 : Double(x[n, c, yy, xx])
        }
        for n in 0..<x.batch {
            // 1x1 outputs over the padded (h + 2) x (w + 2) grid: a 1x1 conv of the zero-padded input,
            // i.e. the bias in the border (ECBSR's bias padding).
            func pointwise(_ weight: Parameter, _ bias: Parameter?, channels: Int) -> [Double] {
                var out = [Double](repeating: 0, count: channels * (h + 2) * (w + 2))
                for c in 0..<channels {
                    for yy in -1...h {
                        for xx in -1...w {
                            var sum = bias.map { Double($0.value[c]) } ?? 0
                            for i in 0..<inChannels { sum += Double(weight.value[c * inChannels + i]) * input(n, i, yy, xx) }
                            out[(c * (h + 2) + yy + 1) * (w + 2) + xx + 1] = sum
                        }
                    }
                }
                return out
            }
            let expanded = pointwise(expandReduceWeight, expandReduceBias, channels: middleChannels)
            let projected = maskWeights.map { pointwise($0, nil, channels: outChannels) }
            for o in 0..<outChannels {
                for yy in 0..<h {
                    for xx in 0..<w {
                        var sum = Double(conv3x3Bias.value[o])
                        for ky in 0..<3 {
                            for kx in 0..<3 {
                                let p = ky * 3 + kx
                                for i in 0..<inChannels {
                                    sum += Double(conv3x3Weight.value[(o * inChannels + i) * 9 + p]) * input(n, i, yy + ky - 1, xx + kx - 1)
                                }
                                for m in 0..<middleChannels {
                                    sum += Double(expandWeight.value[(o * middleChannels + m) * 9 + p])
                                        * expanded[(m * (h + 2) + yy + ky) * (w + 2) + xx + kx]
                                }
                                for (mask, (scale, plane)) in zip(Self.masks, zip(maskScales, projected)) {
                                    sum += Double(scale.value[o]) * Double(mask.values[p]) * plane[(o * (h + 2) + yy + ky) * (w + 2) + xx + kx]
                                }
                            }
                        }
                        if let identityScale { sum += Double(identityScale.value[o]) * input(n, o, yy, xx) }
                        y[n, o, yy, xx] = Float(sum)
                    }
                }
            }
        }
        return y
    }
}
