import Hummingbird

/// GET /v1/models, /healthz, /readyz and /metrics.
struct InfoRoutes {
    let engine: any SuperResolutionEngine
    let state: ServerState
    let metrics: ServerMetrics

    func register(on router: Router<ServerRequestContext>) {
        router.get("/v1/models") { _, _ in
            JSONBody.response(ModelList(models: engine.models, defaultModel: engine.models.first?.id))
        }
        // Liveness: the process answers. Deliberately checks nothing else, so a busy server is not killed.
        router.get("/healthz") { _, _ in JSONBody.response(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            if state.isShuttingDown {
                throw APIError(.serviceUnavailable, code: "shutting_down", "the server is shutting down")
            }
            if engine.models.isEmpty {
                throw APIError(.serviceUnavailable, code: "not_ready", "no model is loaded")
            }
            return JSONBody.response(["status": "ready"])
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
    }

    private struct ModelList: Encodable {
        var models: [ModelInfo]
        var defaultModel: String?
        enum CodingKeys: String, CodingKey {
            case models
            case defaultModel = "default"
        }
    }
}
