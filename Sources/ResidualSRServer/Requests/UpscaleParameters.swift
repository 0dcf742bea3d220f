import Hummingbird
import ResidualSRImage

/// Parses and checks `?scale=2&format=png&quality=95&model=...&ensemble=true` against what the engine offers.
/// Unknown parameters are rejected too: a typo such as `scal=4` should not silently upscale by 2.
enum UpscaleParameters {
    static let known: Set<String> = ["scale", "format", "quality", "model", "ensemble"]

    /// `alsoAllowed`: route-specific parameters the caller handles itself.
    static func parse(_ query: Parameters, models: [ModelInfo], alsoAllowed: Set<String> = []) throws -> UpscaleRequestOptions {
        let allowed = known.union(alsoAllowed)
        for (name, _) in query where !allowed.contains(String(name)) {
            throw badParameter("unknown parameter '\(name)' (expected \(allowed.sorted().joined(separator: ", ")))")
        }
        guard let defaultModel = models.first else {
            throw APIError(.serviceUnavailable, code: "no_model", "no model is loaded")
        }
        var model = defaultModel
        if let id = try single("model", in: query) {
            guard let match = models.first(where: { $0.id == id }) else {
                throw badParameter("unknown model '\(id)' (available: \(models.map(\.id).joined(separator: ", ")))")
            }
            model = match
        }
        var scale = model.scales.contains(2) ? 2 : (model.scales.first ?? 2)
        if let text = try single("scale", in: query) {
            guard let value = Int(text), model.scales.contains(value) else {
                throw badParameter("scale must be one of \(model.scales.map(String.init).joined(separator: ", ")) for model '\(model.id)', not '\(text)'")
            }
            scale = value
        }
        var format = Image.Format.png
        if let text = try single("format", in: query) {
            guard let value = Image.Format(name: text) else {
                let names = Image.Format.allCases.map(\.rawValue)
                throw badParameter("format must be \(names.dropLast().joined(separator: ", ")) or \(names.last!), not '\(text)'")
            }
            format = value
        }
        var quality = EncodeOptions.defaultJPEGQuality
        if let text = try single("quality", in: query) {
            guard let value = Int(text), (1...100).contains(value) else {
                throw badParameter("quality must be an integer from 1 to 100, not '\(text)'")
            }
            quality = value
        }
        var ensemble = false
        if let text = try single("ensemble", in: query) {
            switch text.lowercased() {
            case "true", "1": ensemble = true
            case "false", "0": ensemble = false
            default: throw badParameter("ensemble must be true or false, not '\(text)'")
            }
        }
        return UpscaleRequestOptions(scale: scale, format: format, quality: quality, modelID: model.id, ensemble: ensemble)
    }

    private static func single(_ name: String, in query: Parameters) throws -> String? {
        let values = query.getAll(name)
        if values.count > 1 { throw badParameter("parameter '\(name)' is given \(values.count) times") }
        return values.first
    }

    private static func badParameter(_ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", message)
    }
}
