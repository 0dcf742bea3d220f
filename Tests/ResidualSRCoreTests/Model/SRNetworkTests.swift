import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct SRNetworkTests {
    static func doubles(_ network: SRNetwork) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.values.map(Double.init)) })
    }

    @Test(arguments: [NetworkConfig(channels: 5, blocks: 2, scale: 2, resScale: 0.5),
                      NetworkConfig(channels: 9, blocks: 1, scale: 3),
                      NetworkConfig(channels: 4, blocks: 0, scale: 4)])
    func forwardMatchesFloat64Reference(_ config: NetworkConfig) {
        let network = TestNetworks.random(config, seed: 11)
        var random = TestRandom(seed: 12)
        let x = Tensor.random((2, 3, 7, 5), &random)
        let expected = Reference.network(x.doubles, batch: 2, height: 7, width: 5, config: config,
                                         parameters: Self.doubles(network))
        #expect(isClose(network.residual(x).values, expected, absolute: 1e-4))
        #expect(isClose(network.forwardTraining(x).residual.values, expected, absolute: 1e-4))
    }

    /// Every parameter's gradient of loss = sum(g * residual(x)) against float64 finite differences
    /// (a deterministic sample of entries per tensor keeps the test fast).
    @Test func backwardMatchesFiniteDifferences() {
        let config = NetworkConfig(channels: 4, blocks: 2, scale: 2, resScale: 0.7)
        let network = TestNetworks.random(config, seed: 21)
        var random = TestRandom(seed: 22)
        let x = Tensor.random((2, 3, 5, 4), &random)
        let (r, activations) = network.forwardTraining(x)
        let g = Tensor.random((r.batch, r.channels, r.height, r.width), &random)
        network.zeroGrad()
        network.backward(activations, residualGrad: g)
        let base = Self.doubles(network), gd = g.doubles, xd = x.doubles
        func loss(_ parameters: [String: [Double]]) -> Double {
            let y = Reference.network(xd, batch: 2, height: 5, width: 4, config: config, parameters: parameters)
            return zip(y, gd).reduce(0) { $0 + $1.0 * $1.1 }
        }
        for parameter in network.parameters {
            for i in Set([0, parameter.count / 2, parameter.count - 1, (parameter.count * 7) / 11]) {
                var plus = base, minus = base
                plus[parameter.name]![i] += 1e-4
                minus[parameter.name]![i] -= 1e-4
                let numeric = (loss(plus) - loss(minus)) / 2e-4
                let analytic = Double(parameter.grad[i])
                #expect(abs(numeric - analytic) <= 1e-3 + 1e-3 * abs(numeric), "\(parameter.name)[\(i)]")
            }
        }
    }

    @Test func macCountMatchesThePeersTable() {
        #expect(NetworkConfig(channels: 32, blocks: 8, scale: 2).macsPerPixel == 160_992)
        #expect(NetworkConfig(channels: 32, blocks: 8, scale: 4).macsPerPixel == 171_360)
        #expect(NetworkConfig(channels: 64, blocks: 16, scale: 2).macsPerPixel == 1_225_152)
    }
}
