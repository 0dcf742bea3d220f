@testable import ResidualSRCore
import ResidualSRTestSupport

/// Naive float64 implementations of every op, written straight from the definitions. The optimised
/// kernels are tested against these, and gradients against their finite differences.
enum Reference {
    /// x [n, ci, h, w], weight [co, ci, k, k] -> [n, co, h, w], zero padding k/2.
    static func conv(_ x: [Double], batch: Int, inChannels: Int, height: Int, width: Int,
                     weight: [Double], bias: [Double], outChannels: Int, kernel: Int) -> [Double] {
        var y = [Double](repeating: 0, count: batch * outChannels * height * width)
        let pad = kernel / 2
        for n in 0..<batch {
            for o in 0..<outChannels {
                for yy in 0..<height {
                    for xx in 0..<width {
                        var sum = bias[o]
                        for c in 0..<inChannels {
                            for ky in 0..<kernel {
                                for kx in 0..<kernel {
                                    let sy = yy + ky - pad, sx = xx + kx - pad
                                    guard sy >= 0, sy < height, sx >= 0, sx < width else { continue }
                                    sum += weight[((o * inChannels + c) * kernel + ky) * kernel + kx]
                                        * x[((n * inChannels + c) * height + sy) * width + sx]
                                }
                            }
                        }
                        y[((n * outChannels + o) * height + yy) * width + xx] = sum
                    }
                }
            }
        }
        return y
    }

    /// [n, c*s*s, h, w] -> [n, c, h*s, w*s], PyTorch order.
    static func pixelShuffle(_ x: [Double], batch: Int, channels: Int, height: Int, width: Int, scale s: Int) -> [Double] {
        var y = [Double](repeating: 0, count: x.count)
        for n in 0..<batch {
            for c in 0..<channels {
                for yy in 0..<(height * s) {
                    for xx in 0..<(width * s) {
                        let source = (((n * channels + c) * s + yy % s) * s + xx % s) * height * width
                            + (yy / s) * width + xx / s
                        y[((n * channels + c) * height * s + yy) * width * s + xx] = x[source]
                    }
                }
            }
        }
        return y
    }

    static func relu(_ x: [Double]) -> [Double] { x.map { max($0, 0) } }

    /// The whole residual network in float64 with the given parameters (name -> values).
    static func network(_ x: [Double], batch: Int, height: Int, width: Int, config: NetworkConfig,
                        parameters: [String: [Double]]) -> [Double] {
        let c = config.channels
        func conv(_ input: [Double], _ name: String, _ inChannels: Int, _ outChannels: Int) -> [Double] {
            Reference.conv(input, batch: batch, inChannels: inChannels, height: height, width: width,
                           weight: parameters[name + ".weight"]!, bias: parameters[name + ".bias"]!,
                           outChannels: outChannels, kernel: 3)
        }
        let f0 = conv(x, "head", 3, c)
        var h = f0
        for i in 0..<config.blocks {
            let branch = conv(relu(conv(h, "body.\(i).conv1", c, c)), "body.\(i).conv2", c, c)
            h = zip(h, branch).map { $0 + Double(config.resScale) * $1 }
        }
        let e = zip(conv(h, "body_end", c, c), f0).map(+)
        let t = conv(e, "tail", c, 3 * config.scale * config.scale)
        return pixelShuffle(t, batch: batch, channels: 3, height: height, width: width, scale: config.scale)
    }
}
