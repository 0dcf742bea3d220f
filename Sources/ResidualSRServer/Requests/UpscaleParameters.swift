import Hummingbird
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// Parses and checks `?scale=2&format=png&quality=95&model=...&ensemble=true` against what the engine offers.
/// Unknown parameters are rejected too: a typo such as `scal=4` should not silently upscale by 2.
/// An exact size is `width`, `height`, `fit=WxH` or `width` + `height` + `stretch=true`, or a
/// non-integer `scale` (1 to 4); the network scale it needs is settled once the image's size is known.
enum UpscaleParameters {
    static let known: Set<String> = ["scale", "format", "quality", "model", "width", "height", "fit", "stretch", "ensemble"]

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
        var size = try requestedSize(query)
        if let text = try single("scale", in: query) {
            guard size == nil else { throw badParameter("scale and width/height/fit exclude each other") }
            let offered = model.scales.map(String.init).joined(separator: ", ")
            if let value = Int(text), model.scales.contains(value) {
                scale = value
            } else if let factor = Double(text), factor.isFinite, OutputSize.factors.contains(factor),
                      let reaching = model.scales.sorted().first(where: { Double($0) >= factor }) {
                // 2.0 is the integer scale 2; 2.5 runs the next scale up and is shrunk.
                scale = reaching
                if Double(reaching) != factor { size = .scale(factor) }
            } else {
                throw badParameter("scale must be one of \(offered) for model '\(model.id)', or a factor from 1 up to "
                    + "\(model.scales.max() ?? 4) such as 2.5, not '\(text)'")
            }
        } else if size != nil {
            // Settled per image (ImageRequestProcessor.validate); the smallest is where it starts.
            scale = model.scales.min() ?? scale
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
        return UpscaleRequestOptions(scale: scale, size: size, format: format, quality: quality, modelID: model.id,
                                     ensemble: ensemble)
    }

    /// `width`, `height`, `fit` and `stretch`, checked as the CLI checks its options.
    private static func requestedSize(_ query: Parameters) throws -> OutputSize? {
        func pixels(_ name: String) throws -> Int? {
            guard let text = try single(name, in: query) else { return nil }
            guard let value = Int(text) else { throw badParameter("\(name) must be a whole number of pixels, not '\(text)'") }
            return value
        }
        let (width, height) = (try pixels("width"), try pixels("height"))
        var stretch = false
        if let text = try single("stretch", in: query) {
            switch text.lowercased() {
            case "true", "1", "yes": stretch = true
            case "false", "0", "no": stretch = false
            default: throw badParameter("stretch must be true or false, not '\(text)'")
            }
        }
        if stretch && (width == nil || height == nil) { throw badParameter("stretch needs both width and height") }
        var size: OutputSize?
        if let text = try single("fit", in: query) {
            guard width == nil, height == nil else { throw badParameter("fit and width/height exclude each other") }
            guard let box = OutputSize.parseBox(text) else { throw badParameter("fit must be WxH, for example 1920x1080, not '\(text)'") }
            size = .fit(width: box.width, height: box.height)
        } else {
            switch (width, height) {
            case let (width?, height?):
                guard stretch else { throw badParameter("width and height together need stretch=true (or fit=WxH to keep the aspect)") }
                size = .exact(width: width, height: height)
            case let (width?, nil): size = .width(width)
            case let (nil, height?): size = .height(height)
            case (nil, nil): size = nil
            }
        }
        do { try size?.validate() } catch let error as RSRError { throw badParameter(error.reason) }
        return size

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
