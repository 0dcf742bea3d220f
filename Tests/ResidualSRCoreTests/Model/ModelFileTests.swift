import Foundation
import Testing
@testable import ResidualSRCore
import ResidualSRTestSupport

@Suite struct ModelFileTests {
    static let config = NetworkConfig(channels: 4, blocks: 1, scale: 3, resScale: 0.5)

    @Test func roundTripKeepsWeightsAndMetadata() throws {
        let network = TestNetworks.random(Self.config, seed: 3)
        let bytes = ModelFile.encode(network, provenance: ["training_steps": "12"])
        let file = try SafeTensors.decode(bytes)
        #expect(file.metadata["architecture"] == "rsr-residual" && file.metadata["training_steps"] == "12")
        let loaded = try ModelFile.network(from: file)
        #expect(loaded.config == Self.config)
        for (a, b) in zip(network.parameters, loaded.parameters) { #expect(a.values == b.values) }
        #expect(Int(bytes[0]) % 8 == 0, "header length is padded to a multiple of 8")
    }

    @Test func loadsThePeersWeights() throws {
        let path = "../shared/tools/peers/weights/weights_c32_b8_x2.safetensors"
        try #require(FileManager.default.fileExists(atPath: path), "run the tests from the project root")
        let (network, _) = try ModelFile.load(path)
        #expect(network.config == NetworkConfig(channels: 32, blocks: 8, scale: 2))
    }

    /// Each breaks one rule of a valid model file.
    static let mutations: [(String, @Sendable (inout SafeTensors) -> Void)] = [
        ("scale out of range", { $0.metadata["scale"] = "5" }),
        ("channels missing", { $0.metadata["channels"] = nil }),
        ("wrong architecture", { $0.metadata["architecture"] = "esrgan" }),
        ("missing tensor", { $0.tensors["tail.bias"] = nil; $0.order.removeAll { $0 == "tail.bias" } }),
        ("extra tensor", { $0.add("extra", shape: [1], values: [0]) }),
        ("wrong shape", { $0.tensors["head.bias"] = ([2, 2], [0, 0, 0, 0]) }),
        ("NaN", { $0.tensors["head.bias"]!.values[0] = .nan }),
    ]

    @Test(arguments: mutations)
    func rejectsInvalidModels(_ name: String, _ change: @Sendable (inout SafeTensors) -> Void) throws {
        var file = try SafeTensors.decode(ModelFile.encode(TestNetworks.random(Self.config, seed: 4)))
        change(&file)
        let bytes = file.encode()
        let error = #expect(throws: RSRError.self) { try ModelFile.network(from: SafeTensors.decode(bytes)) }
        #expect(error?.kind == .model, "\(name)")
    }

    @Test func rejectsBrokenContainers() throws {
        let good = ModelFile.encode(TestNetworks.random(Self.config, seed: 5))
        var hugeHeader = good
        hugeHeader[7] = 0x7F
        var badJSON = good
        badJSON[8] = UInt8(ascii: "[")
        for (name, bytes) in [("empty", []), ("short", Array(good[0..<5])), ("huge header", hugeHeader),
                              ("not JSON", badJSON), ("truncated data", Array(good.dropLast(4)))] {
            #expect(throws: RSRError.self, "\(name)") { try SafeTensors.decode(bytes) }
        }
    }
}
