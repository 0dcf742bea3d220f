import Hummingbird
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch

/// An error as the client sees it: a status, a stable machine-readable `code` and a message, sent as
/// `{"error": {"code": "...", "message": "..."}}`. Every failure path ends up here, so bad input can
/// never leak out as a 500.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Seconds for a `Retry-After` header (503 when the queue is full).
    public var retryAfterSeconds: Int?
    /// The methods a route does take, for the `Allow` header of a 405.
    public var allow: String?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, retryAfterSeconds: Int? = nil,
                allow: String? = nil) {
        self.allow = allow
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The one place where library error kinds become HTTP statuses.
    public init(_ error: RSRError) {
        let message = error.description
        switch error.kind {
        case .invalidArgument: self.init(.badRequest, code: "invalid_argument", message)
        case .unsupported: self.init(.unsupportedMediaType, code: "unsupported_media_type", message)
        case .corrupt: self.init(.unprocessableContent, code: "corrupt_image", message)
        case .tooLarge: self.init(.contentTooLarge, code: "too_large", message)
        case .cancelled: self.init(.serviceUnavailable, code: "cancelled", message)
        case .model: self.init(.internalServerError, code: "model_error", message)
        case .io: self.init(.internalServerError, code: "io_error", message)
        }
    }

    /// Any error thrown while handling a request, as the client should see it.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as RSRError: return APIError(error)
        case let error as HTTPError:
            return APIError(error.status, code: code(for: error.status), error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            return APIError(error.status, code: code(for: error.status), error.status.reasonPhrase)
        case is CancellationError:
            return APIError(.serviceUnavailable, code: "cancelled", "the request was cancelled (server shutting down)")
        default:
            return APIError(.internalServerError, code: "internal", "internal server error")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "body_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .serviceUnavailable: "unavailable"
        default: status.code < 500 ? "client_error" : "internal"
        }
    }
}
