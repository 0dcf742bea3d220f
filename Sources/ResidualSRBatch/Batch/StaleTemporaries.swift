import Foundation
import ResidualSRCore
#if canImport(Glibc)
import Glibc
#endif

/// A run killed hard (SIGKILL, power loss) leaves the temporary file of each output in flight,
/// `.<name>.rsr-XXXXXX` (see `AtomicFile`). The next run over the same outputs removes exactly those:
/// the temporaries of the output names it is about to write, regular files owned by this user, and
/// nothing else in the folder.
public enum StaleTemporaries {
    /// Removes stale temporaries of `outputs`; returns the paths removed.
    @discardableResult
    public static func sweep(outputs: [String]) -> [String] {
        var namesByFolder: [String: Set<String>] = [:]
        for output in outputs {
            let folder = (output as NSString).deletingLastPathComponent
            namesByFolder[folder.isEmpty ? "." : folder, default: []].insert((output as NSString).lastPathComponent)
        }
        var removed: [String] = []
        for (folder, names) in namesByFolder {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for entry in entries {
                guard let name = outputName(ofTemporary: entry), names.contains(name) else { continue }
                let path = (folder as NSString).appendingPathComponent(entry)
                var status = stat()
                guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_uid == geteuid(),
                      !AtomicFile.isLive(path) else { continue }
                if unlink(path) == 0 { removed.append(path) }
            }
        }
        return removed
    }

    /// "photo.png" for ".photo.png.rsr-a1B2c3" (mkstemp's six characters), else nil.
    static func outputName(ofTemporary entry: String) -> String? {
        let utf8 = Array(entry.utf8)
        let suffix = 11 // ".rsr-" + 6
        guard utf8.count > suffix + 1, utf8[0] == UInt8(ascii: "."),
              Array(utf8[(utf8.count - suffix)..<(utf8.count - 6)]) == Array(".rsr-".utf8),
              utf8.suffix(6).allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) })
        else { return nil }
        return String(decoding: utf8[1..<(utf8.count - suffix)], as: UTF8.self)
    }
}
