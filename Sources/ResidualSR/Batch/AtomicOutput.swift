import Foundation

/// Outputs are written under a hidden temporary name in the destination folder and renamed into
/// place when complete: readers (and a resumed run) never see a partial file, and an existing file is
/// only ever replaced whole.
public enum AtomicOutput {
    public static let temporaryMarker = ".rsr-partial-"

    /// A unique hidden sibling of `path`.
    public static func temporaryPath(for path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let unique = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return (folder as NSString).appendingPathComponent(".\(name)\(temporaryMarker)\(unique)")
    }

    /// Runs `write(temporaryPath)`, then renames onto `path`; on any error removes the temporary file.
    public static func write(_ path: String, _ write: (String) throws -> Void) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw RSRError(.io, "cannot create the folder: \(error.localizedDescription)", path: folder)
            }
        }
        let temporary = temporaryPath(for: path)
        do {
            try write(temporary)
            try commit(temporary, to: path)
        } catch {
            discard(temporary)
            throw error
        }
    }

    public static func commit(_ temporary: String, to path: String) throws {
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw RSRError(.io, "cannot move the finished file into place: \(reason)", path: path)
        }
    }

    public static func discard(_ temporary: String) { unlink(temporary) }
}
