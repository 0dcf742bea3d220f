import Hummingbird

/// Echoes a sane `X-Request-Id` from the client or makes one up, puts it on the logger and on the
/// response, so a client's report can be matched to the server's log lines.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    static let header = HeaderNames.requestID

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let supplied = request.headers[Self.header].flatMap { Self.isAcceptable($0) ? $0 : nil }
        context.requestID = supplied ?? Self.generate()
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        var response = try await next(request, context)
        response.headers[Self.header] = context.requestID
        return response
    }

    /// Up to 128 visible ASCII characters: anything else could forge log lines or bloat headers.
    static func isAcceptable(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128 && id.utf8.allSatisfy { (33...126).contains($0) }
    }

    static func generate() -> String {
        (0..<16).map { _ in String(UInt8.random(in: 0...255), radix: 16) }
            .map { $0.count == 1 ? "0" + $0 : $0 }.joined()
    }
}
