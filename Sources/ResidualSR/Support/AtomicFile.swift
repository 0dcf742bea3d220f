import Foundation

/// Whole-file writes that never leave a partial file: a temporary file in the target's folder is
/// written, flushed to disk, then renamed over the target. On failure the target is untouched.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = temporaryPath(for: path)
        guard let handle = fopen(temporary, "wbx") else {
            throw RSRError(.io, "cannot create a file in its folder: \(String(cString: strerror(errno)))", path: path)
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        let flushed = fflush(handle) == 0 && fsync(fileno(handle)) == 0
        fclose(handle)
        guard written == bytes.count, flushed else {
            unlink(temporary)
            throw RSRError(.io, "cannot write the file (disk full?)", path: path)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw RSRError(.io, "cannot move the finished file into place: \(reason)", path: path)
        }
    }

    /// A hidden, unique name beside `path`, so the final rename stays on one file system.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        return folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }
}
