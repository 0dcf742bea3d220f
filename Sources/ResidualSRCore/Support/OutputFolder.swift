import Foundation

/// Creating the folders outputs go into. Foundation reports a file in the way as
/// "NSCocoaErrorDomain Code=516", which tells a user nothing: this names the file that blocks it.
public enum OutputFolder {
    /// Creates `path` and its missing parents.
    public static func create(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            if let blocking = firstNonFolder(on: path) {
                throw RSRError(.io, "cannot create the output folder: \(blocking) is a file, not a folder", path: path)
            }
            throw RSRError(.io, "cannot create the output folder: \(error.localizedDescription)", path: path)
        }
    }

    /// The deepest existing component of `path`, when it is not a folder.
    static func firstNonFolder(on path: String) -> String? {
        var prefix = path
        while !prefix.isEmpty && prefix != "/" && prefix != "." {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: prefix, isDirectory: &isFolder) {
                return isFolder.boolValue ? nil : prefix
            }
            prefix = (prefix as NSString).deletingLastPathComponent
        }
        return nil
    }
}
