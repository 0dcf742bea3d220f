import Foundation

/// A fresh empty folder under the system temporary folder, removed by `remove()`.
public struct TemporaryFolder {
    public let path: String

    public init() throws {
        path = NSTemporaryDirectory() + "rsr-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A fresh folder holding `files` (paths relative to it, folders made as needed), each "x".
    public init(files: [String]) throws {
        try self.init()
        for name in files {
            let path = file(name)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    /// A tree of image and other files under "tree/" for discovery and naming tests: hidden, nested,
    /// mixed-case extensions, a non-image and a name to exclude.
    public static let imageTree = ["a.png", "b.JPG", "notes.txt", ".hidden.png", "sub/c.png", "sub/deeper/d.jpeg",
                                   "sub/deeper/e.WebP", "sub/skip_me.png"].map { "tree/" + $0 }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Every file below, relative, sorted (hidden ones included: partial outputs must not hide).
    public func allFiles() -> [String] {
        (FileManager.default.subpaths(atPath: path) ?? []).filter { sub in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: file(sub), isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
