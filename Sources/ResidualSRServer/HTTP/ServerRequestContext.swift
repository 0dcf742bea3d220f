import Hummingbird

/// Per-request context: Hummingbird's core storage plus the request id that every log line and
/// error response carries.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
