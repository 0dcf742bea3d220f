import Hummingbird

/// GET /: the upload page. It is public even with `--token-file` (it holds no data; the page asks for the
/// token and sends it with each API call).
struct PageRoutes {
    static let path = "/"

    func register(on router: Router<ServerRequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ in
            Response(status: .ok, headers: [
                .contentType: "text/html; charset=utf-8",
                .cacheControl: "no-cache",
                // Only this origin: the page must not depend on anything outside the server.
                .contentSecurityPolicy: "default-src 'self'; img-src 'self' blob: data:; style-src 'unsafe-inline'; "
                    + "script-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
                .xContentTypeOptions: "nosniff",
            ], body: .init(byteBuffer: ByteBuffer(string: WebPage.html)))
        }
    }
}
