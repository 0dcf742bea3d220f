import Foundation
import ResidualSRCore
import ResidualSRImage

/// Finds the shipped models (`rsr-x2.safetensors`, ...) from any working directory.
///
/// Search order: `$RSR_MODELS`; `Models/` beside the executable or up to four folders above it (a
/// SwiftPM build puts the binary in `.build/release/`); `share/residualsr/models` beside an installed
/// `bin/`; `./Models`.
public enum ModelRegistry {
    public static let scales = [2, 3, 4]

    public static func fileName(scale: Int) -> String { "rsr-x\(scale).safetensors" }

    public static func searchFolders() -> [String] {
        var folders: [String] = []
        if let env = ProcessInfo.processInfo.environment["RSR_MODELS"], !env.isEmpty { folders.append(env) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first.map(resolvedExecutable) ?? "")
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            folders.append(folder.appendingPathComponent("Models").path)
            folder = folder.deletingLastPathComponent()
        }
        folders.append(executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/residualsr/models").path)
        folders.append(FileManager.default.currentDirectoryPath + "/Models")
        return folders
    }

    /// Path of the shipped model for `scale`, or an error listing where it looked.
    public static func path(scale: Int) throws -> String {
        let name = fileName(scale: scale)
        let folders = searchFolders()
        for folder in folders where FileManager.default.fileExists(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        throw RSRError(.model, "no \(name) found; looked in \(folders.joined(separator: ", ")) (set RSR_MODELS or pass --model)")
    }

    /// `name` is a path to a model file, or empty for the shipped model of `scale`.
    public static func load(_ name: String?, scale: Int) throws -> SRModel {
        let model = try SRModel(file: name ?? path(scale: scale))
        guard model.scale == scale else {
            throw RSRError(.model, "is a x\(model.scale) model, x\(scale) was asked for", path: model.source)
        }
        return model
    }

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

    private static func resolvedExecutable(_ argument: String) -> String {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return link }
        return argument
    }
}
