import Foundation
import Hummingbird

/// Turns every error thrown below it into the JSON error shape with the right status, counts it, and
/// logs server-side failures. Anything not classified becomes a 500 with no internals in the body.
struct ErrorResponseMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            metrics.recordError(code: apiError.code)
            if apiError.status.code >= 500 && apiError.status != .serviceUnavailable && apiError.status != .gatewayTimeout {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            } else {
                context.logger.debug("request rejected", metadata: ["error": "\(apiError)"])
            }
            return Self.response(for: apiError, requestID: context.requestID)
        }
    }

    static func response(for error: APIError, requestID: String) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        if error.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if let allow = error.allow { headers[.allow] = allow }
        let body = ErrorBody(error: .init(code: error.code, message: error.message, requestID: requestID.isEmpty ? nil : requestID))
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: JSONBody.encode(body)))
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var requestID: String?
            enum CodingKeys: String, CodingKey {
                case code, message
                case requestID = "request_id"
            }
        }
        var error: Detail
    }
}

/// Deterministic JSON bodies (sorted keys) for every JSON response.
enum JSONBody {
    static func encode(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding these plain structs cannot fail; an empty object beats crashing if it ever does.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return ByteBuffer(bytes: data)
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: encode(value)))
    }
}
