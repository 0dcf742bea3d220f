import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// the browser reads commands on fd 3 and writes replies and events on fd 4, each message one JSON
/// object ended by a NUL byte). No network port, no WebSocket client: just two pipes.
///
/// Every wait is bounded by `replyTimeout` so that a broken page fails the test instead of hanging it.
final class HeadlessBrowser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let candidates = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]

    private let process: pid_t
    private let commands: Int32
    private let replies: Int32
    private let profile: URL
    private let replyTimeout: Double
    private var pending: [UInt8] = []
    private var events: [[String: Any]] = []
    private var lastID = 0
    private var session: String?

    init(width: Int = 1200, height: Int = 900, replyTimeout: Double = 180) throws {
        guard let executable = Self.candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "no headless Chromium at \(Self.candidates.joined(separator: " or ")); `make test` installs chromium-headless-shell")
        }
        self.replyTimeout = replyTimeout
        // A browser that dies mid-write must fail the test, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("rsr-chromium-\(UUID().uuidString)")
        let toBrowser = try Self.pipePair(), fromBrowser = try Self.pipePair()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toBrowser.read, 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser.write, 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--no-default-browser-check", "--remote-debugging-pipe",
                         "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)", "about:blank"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        Glibc.close(toBrowser.read)
        Glibc.close(fromBrowser.write)
        guard status == 0 else {
            Glibc.close(toBrowser.write)
            Glibc.close(fromBrowser.read)
            throw Failure(description: "could not start \(executable): \(String(cString: strerror(status)))")
        }
        process = pid
        commands = toBrowser.write
        replies = fromBrowser.read
    }

    deinit { close() }

    /// Opens `url` in the first page target, at a desktop size, and waits for its load event.
    func open(_ url: String, width: Int = 1200, height: Int = 900) throws {
        let targets = try send("Target.getTargets", session: false)["targetInfos"] as? [[String: Any]] ?? []
        guard let page = targets.first(where: { $0["type"] as? String == "page" })?["targetId"] as? String else {
            throw Failure(description: "the browser has no page target")
        }
        session = try send("Target.attachToTarget", ["targetId": page, "flatten": true], session: false)["sessionId"] as? String
        _ = try send("Page.enable")
        _ = try send("Emulation.setDeviceMetricsOverride",
                     ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600])
        events.removeAll()
        _ = try send("Page.navigate", ["url": url])
        try waitForEvent("Page.loadEventFired")
    }

    /// The value of a JavaScript expression; a promise is awaited (that is how the tests wait for the page).
    func evaluate(_ expression: String) throws -> Any? {
        let result = try send("Runtime.evaluate", ["expression": expression, "awaitPromise": true, "returnByValue": true])
        if let exception = result["exceptionDetails"] as? [String: Any] {
            let detail = (exception["exception"] as? [String: Any])?["description"] as? String ?? "\(exception)"
            throw Failure(description: "page script failed: \(detail)")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    func string(_ expression: String) throws -> String { try evaluate(expression) as? String ?? "" }

    func number(_ expression: String) throws -> Double { (try evaluate(expression) as? NSNumber)?.doubleValue ?? .nan }

    /// Puts `path` into the `<input type=file>` matching `selector`, as a user picking it would.
    func setFile(_ selector: String, path: String) throws {
        let root = try send("DOM.getDocument", ["depth": 0])["root"] as? [String: Any]
        guard let rootID = root?["nodeId"] as? Int,
              let node = try send("DOM.querySelector", ["nodeId": rootID, "selector": selector])["nodeId"] as? Int,
              node != 0 else {
            throw Failure(description: "no element matches \(selector)")
        }
        _ = try send("DOM.setFileInputFiles", ["files": [path], "nodeId": node])
    }

    /// A PNG of the whole page (not only the viewport).
    func screenshot(to file: URL) throws {
        let metrics = try send("Page.getLayoutMetrics")
        let size = metrics["cssContentSize"] as? [String: Any]
        let width = (size?["width"] as? NSNumber)?.intValue ?? 1200
        let height = (size?["height"] as? NSNumber)?.intValue ?? 900
        let shot = try send("Page.captureScreenshot", [
            "format": "png", "captureBeyondViewport": true,
            "clip": ["x": 0, "y": 0, "width": width, "height": height, "scale": 1],
        ])
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "the screenshot came back empty")
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    func close() {
        guard !closed else { return }
        _ = try? send("Browser.close", session: false)
        Glibc.close(commands)
        Glibc.close(replies)
        var status: Int32 = 0
        if waitpid(process, &status, WNOHANG) == 0 {
            kill(process, SIGKILL)
            waitpid(process, &status, 0)
        }
        try? FileManager.default.removeItem(at: profile)
        closed = true
    }

    private var closed = false

    // MARK: - Protocol

    @discardableResult
    private func send(_ method: String, _ params: [String: Any] = [:], session useSession: Bool = true) throws -> [String: Any] {
        guard !closed else { throw Failure(description: "the browser is closed") }
        lastID += 1
        var message: [String: Any] = ["id": lastID, "method": method, "params": params]
        if useSession, let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        try writeAll(bytes)
        while true {
            let reply = try readMessage()
            guard let id = reply["id"] as? Int else {
                events.append(reply)
                continue
            }
            guard id == lastID else { continue }
            if let error = reply["error"] as? [String: Any] {
                throw Failure(description: "\(method): \(error["message"] as? String ?? "\(error)")")
            }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    private func waitForEvent(_ method: String) throws {
        while true {
            if let index = events.firstIndex(where: { $0["method"] as? String == method }) {
                events.removeSubrange(...index)
                return
            }
            events.append(try readMessage())
        }
    }

    private func readMessage() throws -> [String: Any] {
        while true {
            if let end = pending.firstIndex(of: 0) {
                let body = Data(pending[..<end])
                pending.removeSubrange(...end)
                return try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
            }
            var poller = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(replyTimeout * 1000))
            if ready == 0 { throw Failure(description: "the browser did not answer within \(Int(replyTimeout)) s") }
            if ready < 0 && errno == EINTR { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(replies, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure(description: "the browser closed the pipe (it exited)") }
            pending.append(contentsOf: chunk[..<count])
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw Failure(description: "could not write to the browser: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// A pipe whose ends sit above fd 4 and close on exec, so that the dup2 onto 3 and 4 in the child
    /// is the only way the browser sees them.
    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        let read = fcntl(ends[0], F_DUPFD_CLOEXEC, 10), write = fcntl(ends[1], F_DUPFD_CLOEXEC, 10)
        Glibc.close(ends[0])
        Glibc.close(ends[1])
        return (read, write)
    }
}
