import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ResidualSRCore

/// One image to process: where it is, and its path relative to the input it was found under (which
/// decides the mirrored output folder and the shard it belongs to).
public struct InputFile: Sendable, Equatable, Hashable {
    public var path: String
    public var relativePath: String

    public init(path: String, relativePath: String) {
        self.path = path
        self.relativePath = relativePath
    }
}

/// Expands the command line's files and folders into the list of images to process, in a stable
/// (sorted) order so that runs, shards and resumes agree on it.
public struct FileDiscovery: Sendable {
    public static let defaultPatterns = ["*.png", "*.jpg", "*.jpeg", "*.webp", "*.tif", "*.tiff", "*.avif"]

    public var recursive: Bool
    /// Folder contents must match one of these (case-insensitive); named files are taken as given.
    public var include: [String]
    /// Anything matching one of these is left out, named files included.
    public var exclude: [String]

    public init(recursive: Bool = false, include: [String] = FileDiscovery.defaultPatterns, exclude: [String] = []) {
        self.recursive = recursive
        self.include = include.isEmpty ? Self.defaultPatterns : include
        self.exclude = exclude
    }

    /// The images directly in `folder`, in the order `discover` gives; the one listing of a folder
    /// of images (batch runs, benchmark sets, training and validation folders). Throws when the
    /// folder cannot be read or holds no image.
    public static func imageFiles(in folder: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw RSRError(.io, "cannot list the folder", path: folder)
        }
        let files = try FileDiscovery().folderContents(folder)
        guard !files.isEmpty else { throw RSRError(.invalidArgument, "no images in the folder", path: folder) }
        return files.map(\.path)
    }

    /// Throws for an input that does not exist; an empty folder simply contributes nothing.
    public func discover(_ inputs: [String]) throws -> [InputFile] {
        var found: [InputFile] = []
        var seen = Set<String>()
        for input in inputs {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
                throw RSRError(.io, "no such file or folder", path: input)
            }
            let files = isFolder.boolValue
                ? try folderContents(input)
                : [InputFile(path: input, relativePath: (input as NSString).lastPathComponent)]
            for file in files where !Self.matches(file.relativePath, any: exclude) {
                let key = (file.path as NSString).standardizingPath
                if seen.insert(key).inserted { found.append(file) }
            }
        }
        return found
    }

    private func folderContents(_ folder: String) throws -> [InputFile] {
        let root = URL(fileURLWithPath: folder, isDirectory: true)
        var options: FileManager.DirectoryEnumerationOptions = [.skipsHiddenFiles]
        if !recursive { options.insert(.skipsSubdirectoryDescendants) }
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: options) else {
            throw RSRError(.io, "cannot list the folder", path: folder)
        }
        let rootPath = root.standardizedFileURL.path
        var files: [InputFile] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            var relative = full.hasPrefix(rootPath) ? String(full.dropFirst(rootPath.count)) : url.lastPathComponent
            while relative.hasPrefix("/") { relative.removeFirst() }
            guard Self.matches(relative, any: include) else { continue }
            files.append(InputFile(path: (folder as NSString).appendingPathComponent(relative), relativePath: relative))
        }
        return files.sorted { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
    }

    /// fnmatch(3), case-insensitive; a pattern without "/" is matched against the file name only.
    public static func matches(_ relativePath: String, any patterns: [String]) -> Bool {
        patterns.contains { pattern in
            let subject = pattern.contains("/") ? relativePath : (relativePath as NSString).lastPathComponent
            return fnmatch(pattern, subject, caseFold) == 0
        }
    }

    // FNM_CASEFOLD is a GNU extension Swift does not import.
    private static let caseFold: Int32 = 1 << 4
}
