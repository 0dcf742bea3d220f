import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP connection driven byte by byte, for what an HTTP client library will not do: send
/// half a header, break chunk framing, hang up mid-body, wait for `100 Continue`. Every read has a
/// receive timeout, so a server that never answers fails the test instead of hanging it. The blocking
/// reads run on a Dispatch thread: blocking a cooperative-pool thread would starve the in-process
/// server of the threads it needs to answer.
final class RawConnection: @unchecked Sendable {
    private var descriptor: Int32
    private var buffered: [UInt8] = []

    init(port: Int, receiveTimeout seconds: Int = 60) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Up to `limit` bytes; [] at end of stream, nil on timeout or error.
    func receive(limit: Int = 1 << 16) -> [UInt8]? {
        if !buffered.isEmpty {
            defer { buffered = [] }
            return buffered
        }
        var chunk = [UInt8](repeating: 0, count: limit)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress!, limit, 0) }
        if count < 0 { return nil }
        return Array(chunk[0..<count])
    }

    private func offPool<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    /// True when the server closes the connection (before the receive timeout), discarding any data.
    func closedByServer() async -> Bool { await offPool { self.waitForClose() } }

    func readResponse() async -> (response: Response, complete: Bool)? { await offPool { self.readResponseNow() } }

    private func waitForClose() -> Bool {
        while let bytes = receive() {
            if bytes.isEmpty { return true }
        }
        return false
    }

    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    /// One response: status line, headers (names lower-cased) and a Content-Length body. nil if the
    /// connection closed or timed out first; `complete` says whether the whole body arrived.
    private func readResponseNow() -> (response: Response, complete: Bool)? {
        var data: [UInt8] = []
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            guard let bytes = receive(), !bytes.isEmpty else { return nil }
            data += bytes
            headEnd = data.indices.dropLast(3).first { Array(data[$0..<($0 + 4)]) == separator }
        }
        let head = String(decoding: data[0..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = head[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(data[(headEnd! + 4)...])
        let length = (100..<200).contains(status) ? 0 : headers["content-length"].flatMap(Int.init) ?? 0
        while body.count < length {
            guard let bytes = receive(), !bytes.isEmpty else {
                return (Response(status: status, headers: headers, body: body), false)
            }
            body += bytes
        }
        buffered = Array(body[length...])
        return (Response(status: status, headers: headers, body: Array(body[0..<length])), true)
    }
}
