#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ResidualSRCore

extension Image {
    /// The whole file, read straight into one array, with errors that name it. A file that does not
    /// start like a known format is refused after its first bytes, without reading the rest.
    static func readFile(_ path: String) throws -> [UInt8] {
        func failure(_ what: String) -> RSRError {
            RSRError(.io, "\(what): \(String(cString: strerror(errno)))", path: path)
        }
        let descriptor = try RegularFile.open(path)
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot read") }
        let size = Int(status.st_size)
        var filled = 0
        let magic = min(size, ImageCodec.magicLength)
        let bytes = try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while filled < size {
                let count = read(descriptor, buffer.baseAddress! + filled, size - filled)
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw failure("cannot read") }
                if count == 0 { break } // the file shrank while being read
                filled += count
                if filled >= magic && filled - count < magic {
                    initialized = filled
                    _ = try Format.require(Array(buffer[0..<magic]), path: path)
                }
            }
            initialized = filled
        }
        return bytes
    }
}
