import Foundation

/// Image files in a folder (not recursive), sorted by name: what datasets are made of.
public enum ImageFiles {
    public static let extensions: Set<String> = ["png", "jpg", "jpeg"]

    public static func isImage(_ path: String) -> Bool {
        extensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    public static func list(in folder: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw RSRError(.io, "no such folder", path: folder)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        return names.filter { !$0.hasPrefix(".") && isImage($0) }.sorted().map { folder + "/" + $0 }
    }
}
