import Hummingbird

/// POST /v1/upscale and POST /v1/residual: image bytes in, image bytes out, synchronously.
struct ImageRoutes {
    let processor: ImageRequestProcessor
    let maxBodyBytes: Int
    let timeout: Duration

    func register(on router: Router<ServerRequestContext>) {
        router.post("/v1/upscale") { request, context in try await handle(request, context: context, operation: .upscale) }
        router.post("/v1/residual") { request, context in try await handle(request, context: context, operation: .residual) }
    }

    private func handle(_ request: Request, context: ServerRequestContext, operation: ImageOperation) async throws -> Response {
        let query = request.uri.queryParameters
        var options = try UpscaleParameters.parse(query, models: processor.engine.models)
        // The residual map is a visualisation; it is always a PNG.
        if operation == .residual {
            options.format = .png
        } else if query.getAll("format").isEmpty {
            guard let accepted = AcceptedFormat.choose(request.headers[.accept]) else {
                throw APIError(.notAcceptable, code: "not_acceptable",
                               "the Accept header accepts none of \(AcceptedFormat.offered); or give ?format=")
            }
            options.format = accepted
        }
        let input = try await RequestBodyReader.read(request, limit: maxBodyBytes)
        let header = try processor.validate(input, operation: operation, options: &options)
        let outcome = try await processor.process(input, header: header, operation: operation, options: options, timeout: timeout)
        let headers: HTTPFields = [
            .contentType: outcome.image.contentType,
            HeaderNames.cache: outcome.cacheHit ? "hit" : "miss",
        ]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: outcome.image.bytes)))
    }
}

/// Collects a request body up to a limit, rejecting a too-large declared length before reading any.
enum RequestBodyReader {
    static func read(_ request: Request, limit: Int) async throws -> [UInt8] {
        let tooLarge = APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(limit) bytes")
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit { throw tooLarge }
        var bytes: [UInt8] = []
        do {
            for try await chunk in request.body {
                guard bytes.count + chunk.readableBytes <= limit else { throw tooLarge }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as APIError {
            throw error
        } catch {
            // The body stream only fails on what the client sent (bad chunk framing) or did (hung up
            // mid-body): a client error, never a server fault.
            throw APIError(.badRequest, code: "malformed_body", "the request body could not be read: \(error)")
        }
        return bytes
    }
}
