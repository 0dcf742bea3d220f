import Foundation
import ResidualSRCore

extension ModelRegistry {
    /// Every shipped model that is present, by scale. A scale with no file is simply absent, but a
    /// file that is there and fails to load is an error naming it: a server must not report ready
    /// with a model silently missing.
    public static func loadShipped(folders: [String] = searchFolders()) throws -> [Int: SRModel] {
        var models: [Int: SRModel] = [:]
        for scale in scales {
            let name = fileName(scale: scale)
            guard let folder = folders.first(where: { FileManager.default.fileExists(atPath: $0 + "/" + name) }) else { continue }
            let model = try SRModel(file: folder + "/" + name)
            guard model.scale == scale else {
                throw RSRError(.model, "is a x\(model.scale) model, but its name says x\(scale)", path: model.source)
            }
            models[scale] = model
        }
        return models
    }
}
