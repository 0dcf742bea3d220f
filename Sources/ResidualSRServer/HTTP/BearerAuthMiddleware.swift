import Hummingbird

/// Requires `Authorization: Bearer <token>` when a token is configured, except on the probes, which
/// orchestrators call without credentials, and on the page, which asks the user for the token.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    static let openPaths: Set<String> = ["/healthz", "/readyz", PageRoutes.path]
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              Self.constantTimeEquals(Array(header.utf8.dropFirst(7)), Array(token.utf8)) else {
            throw APIError(.unauthorized, code: "unauthorized", "missing or wrong bearer token (Authorization: Bearer <token>)")
        }
        return try await next(request, context)
    }

    /// Compares without an early exit so the time taken does not reveal how much of a guess matched.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(lhs.count == rhs.count ? 0 : 1)
        for index in 0..<max(lhs.count, rhs.count) {
            difference |= (index < lhs.count ? lhs[index] : 0) ^ (index < rhs.count ? rhs[index] : 0)
        }
        return difference == 0
    }
}
