#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file next to `path` that replaces `path` only on `commit`.
///
/// Writers fill (and fsync) the temporary file; `commit` renames it over the target, which is atomic
/// within one file system, so readers see the old file or the complete new one, never a partial one.
/// `discard` removes the temporary file and leaves any existing target untouched.
public final class AtomicFile {
    let path: String
    let temporaryPath: String
    /// Open for writing until handed over to a writer (which then owns and closes it).
    private(set) var descriptor: Int32
    private var done = false

    public init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw RSRError(.invalidArgument, "output path names a folder", path: path) }
        var template = Array("\(directory).\(name).rsr-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw RSRError(.io, "cannot create a file in the output folder: \(String(cString: strerror(errno)))",
                           path: path)
        }
        fchmod(descriptor, 0o644)
        self.descriptor = descriptor
        self.temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        Self.live.withLock { _ = $0.insert(temporaryPath) }
    }

    deinit { discard() }

    /// The descriptor now belongs to someone else who will close it.
    public func handOverDescriptor() -> Int32 {
        let handed = descriptor
        descriptor = -1
        return handed
    }

    /// Writes all of `bytes` and fsyncs (for callers that already hold the encoded file in memory).
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw RSRError(.io, "cannot write: \(String(cString: strerror(errno)))", path: path)
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            throw RSRError(.io, "cannot write: \(String(cString: strerror(errno)))", path: path)
        }
    }

    /// Replaces `path` with `bytes` atomically (model files, checkpoints, logs).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let file = try AtomicFile(path: path)
        try file.write(bytes)
        try file.commit()
    }

    /// Moves the finished temporary file over `path`.
    public func commit() throws {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw RSRError(.io, "cannot replace the output file: \(reason)", path: path)
        }
        done = true
        Self.live.withLock { _ = $0.remove(temporaryPath) }
        syncDirectory()
    }

    /// Makes the rename itself durable; best effort (some file systems refuse to fsync a folder).
    private func syncDirectory() {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let folder = open(directory, O_RDONLY)
        guard folder >= 0 else { return }
        fsync(folder)
        Glibc.close(folder)
    }

    /// Removes the temporary file; an existing target stays as it was.
    public func discard() {
        guard !done else { return }
        done = true
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
        unlink(temporaryPath)
        Self.live.withLock { _ = $0.remove(temporaryPath) }
    }
}
