import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch
#if canImport(Glibc)
import Glibc
#endif

/// The server's data directory is often a predictable path in the shared temp dir, so another local
/// user may have created it first or planted a symlink in it. Before anything is read or deleted
/// there, each level is checked with lstat: a real directory (never a symlink), owned by this user,
/// writable by nobody else. Because the checked parent is private, nobody else can swap an entry
/// below it after the check.
enum DataDirectory {
    /// Creates `directory` (mode 0700) if missing and checks it; a directory we own with group or
    /// other permission bits is tightened to 0700.
    static func preparePrivate(_ directory: URL) throws {
        let path = directory.path
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            if errno == ENOENT {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                if mkdir(path, 0o700) == 0 || errno == EEXIST { return try check(path) }
            }
            throw refusal(path, "cannot create it: \(String(cString: strerror(errno)))")
        }
        try check(path)
    }

    private static func check(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw refusal(path, "cannot inspect it: \(String(cString: strerror(errno)))") }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK: throw refusal(path, "it is a symbolic link")
        default: throw refusal(path, "it is not a directory")
        }
        guard status.st_uid == geteuid() else {
            throw refusal(path, "it is owned by uid \(status.st_uid), not by this user (uid \(geteuid()))")
        }
        guard status.st_mode & 0o022 == 0 else {
            throw refusal(path, "it is writable by other users (mode \(String(status.st_mode & 0o7777, radix: 8)))")
        }
        if status.st_mode & 0o077 != 0 && chmod(path, 0o700) != 0 {
            throw refusal(path, "cannot make it private: \(String(cString: strerror(errno)))")
        }
    }

    private static func refusal(_ path: String, _ reason: String) -> RSRError {
        RSRError(.io, "refusing this data directory: \(reason)", path: path)
    }

    /// True for the names the job store writes: `<id>.json`, `<id>.<extension>` (png, jpg, webp, tif, avif:
    /// the written extension of each `Image.Format`) and their temporaries
    /// `.<name>.<UUID>.tmp`. Nothing else in the directory is ever deleted.
    static func isStoreFileName(_ name: String) -> Bool {
        if name.hasPrefix("."), name.hasSuffix(".tmp") {
            let inner = name.dropFirst().dropLast(4)
            guard let dot = inner.lastIndex(of: "."), UUID(uuidString: String(inner[inner.index(after: dot)...])) != nil
            else { return false }
            return isStoreFileName(String(inner[..<dot]))
        }
        guard let dot = name.firstIndex(of: ".") else { return false }
        let storeExtensions = ["json"] + Image.Format.allCases.map(\.fileExtension)
        return JobRecord.isValidID(name[..<dot]) && storeExtensions.contains(String(name[name.index(after: dot)...]))
    }

    /// Removes `name` from `directory` only if it is a regular file (a symlink is removed itself,
    /// never followed; folders are left alone).
    static func removeStoreFile(_ name: String, in directory: URL) {
        let path = directory.appendingPathComponent(name).path
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        let type = status.st_mode & S_IFMT
        if type == S_IFREG || type == S_IFLNK { unlink(path) }
    }

    /// Writes `data` to a new file readable by this user only (O_EXCL | O_NOFOLLOW, mode 0600).
    static func writeNewPrivateFile(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RSRError(.io, "cannot create: \(String(cString: strerror(errno)))", path: url.path) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw RSRError(.io, "cannot write: \(String(cString: strerror(errno)))", path: url.path) }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw RSRError(.io, "cannot write: \(String(cString: strerror(errno)))", path: url.path) }
    }
}
