import Foundation

/// Model files: safetensors with the tensor names of `SRNetwork` and metadata describing it
/// (docs/model-format.md). Everything is validated on load; a mismatch is an error naming the tensor.
public enum ModelFile {
    public static let architecture = "rsr-residual"
    public static let formatVersion = "1"
    /// The peers benchmark writes the same network under this name (no res_scale: 1).
    static let compatibleArchitectures: Set<String> = [architecture, "residual_sr_net"]

    public static func load(_ path: String) throws -> (network: SRNetwork, metadata: [String: String]) {
        do {
            let file = try SafeTensors.read(file: path)
            return (try network(from: file), file.metadata)
        } catch let error as RSRError {
            throw error.at(path)
        }
    }

    public static func network(from file: SafeTensors) throws -> SRNetwork {
        let meta = file.metadata
        func fail(_ reason: String) -> RSRError { RSRError(.model, reason) }
        func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int {
            guard let text = meta[key] else { throw fail("metadata lacks '\(key)'") }
            guard let value = Int(text), range.contains(value) else {
                throw fail("metadata '\(key)' = '\(text)' is not an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        if let arch = meta["architecture"] ?? meta["arch"], !compatibleArchitectures.contains(arch) {
            throw fail("architecture '\(arch)' is not \(architecture)")
        }
        if let version = meta["format_version"], version != formatVersion {
            throw fail("format_version \(version) is not supported (this build reads \(formatVersion))")
        }
        var config = NetworkConfig(
            channels: try integer("channels", in: 1...1024), blocks: try integer("blocks", in: 0...256),
            scale: try integer("scale", in: 2...4))
        if let text = meta["res_scale"] {
            guard let value = Float(text), value.isFinite, value > 0 else { throw fail("metadata 'res_scale' = '\(text)' is invalid") }
            config.resScale = value
        }
        let network = SRNetwork(config)
        let expected = Set(network.parameters.map(\.name))
        if let extra = file.order.first(where: { !expected.contains($0) }) {
            throw fail("unexpected tensor '\(extra)' for \(config.channels) channels, \(config.blocks) blocks")
        }
        for parameter in network.parameters {
            guard let tensor = file.tensors[parameter.name] else { throw fail("missing tensor '\(parameter.name)'") }
            guard tensor.shape == parameter.shape else {
                throw fail("tensor '\(parameter.name)' has shape \(tensor.shape), expected \(parameter.shape)")
            }
            guard tensor.values.allSatisfy(\.isFinite) else { throw fail("tensor '\(parameter.name)' holds NaN or infinity") }
            parameter.set(tensor.values)
        }
        return network
    }

    public static func encode(_ network: SRNetwork, provenance: [String: String] = [:]) -> [UInt8] {
        let c = network.config
        var meta = provenance
        meta["architecture"] = architecture
        meta["format_version"] = formatVersion
        meta["scale"] = String(c.scale)
        meta["channels"] = String(c.channels)
        meta["blocks"] = String(c.blocks)
        meta["res_scale"] = String(c.resScale)
        meta["kernel"] = "3"
        meta["layout"] = "OIHW"
        meta["colour_space"] = "RGB in [0,1], sRGB-encoded values (no linearisation)"
        meta["upsample"] = "MATLAB imresize bicubic (a=-0.5, symmetric border) + residual"
        meta["pixel_shuffle"] = "CRD (PyTorch PixelShuffle)"
        var file = SafeTensors(metadata: meta)
        for parameter in network.parameters {
            file.add(parameter.name, shape: parameter.shape, values: parameter.values)
        }
        return file.encode()
    }

    public static func save(_ network: SRNetwork, to path: String, provenance: [String: String] = [:]) throws {
        try AtomicFile.write(encode(network, provenance: provenance), to: path)
    }
}
