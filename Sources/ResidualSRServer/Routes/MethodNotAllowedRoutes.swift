import Hummingbird

/// 405 with `Allow` for a known path asked with a method it does not take (the router alone answers
/// 404, as if the path did not exist). Registered after the real routes, for every other method.
enum MethodNotAllowedRoutes {
    /// Every route of the API and the methods it takes (GET implies HEAD).
    static let routes: [(path: String, methods: [HTTPRequest.Method])] = [
        ("/v1/upscale", [.post]), ("/v1/residual", [.post]), ("/v1/jobs", [.post]),
        ("/v1/jobs/{id}", [.get]), ("/v1/jobs/{id}/result", [.get]),
        ("/v1/models", [.get]), ("/healthz", [.get]), ("/readyz", [.get]), ("/metrics", [.get]),
    ]

    static let candidates: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options]

    static func register(on router: Router<ServerRequestContext>) {
        for (path, methods) in routes {
            let taken = methods.contains(.get) ? methods + [.head] : methods
            let allow = taken.map(\.rawValue).joined(separator: ", ")
            for method in candidates where !taken.contains(method) {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    throw APIError(.methodNotAllowed, code: "method_not_allowed",
                                   "\(request.method.rawValue) is not allowed on \(path); use \(allow)", allow: allow)
                }
            }
        }
    }
}
