import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import ResidualSRCore

/// Per-connection limits that Hummingbird's HTTP/1 channel does not have: a connection is closed when
/// it sends nothing for `idle` (between requests), takes longer than `header` from the first byte of
/// a request to the end of its head, pauses longer than `body` while sending a body, or takes longer
/// than `bodyTotal` for the whole body (a trickle just under the pause limit). Also answers
/// `Expect: 100-continue` and counts open connections for the connection cap.
struct ConnectionLimits: Sendable {
    var header: Duration
    var body: Duration
    var bodyTotal: Duration
    var idle: Duration
    var maxBodyBytes: Int
    let connections: ConnectionCounter
}

/// Open connections, read by the middleware that serves only the probes once the cap is reached.
final class ConnectionCounter: Sendable {
    private let count = Locked(0)
    var value: Int { count.withLock { $0 } }
    func opened() { count.withLock { $0 += 1 } }
    func closed() { count.withLock { $0 -= 1 } }
}

/// The HTTP/1 child channel with the two handlers below around Hummingbird's own pipeline.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let responder: HTTPChannelHandler.Responder
    let limits: ConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timer = ConnectionTimer(limits: limits)
        let base = HTTP1Channel(responder: responder, configuration: .init(
            additionalChannelHandlers: [RequestPhaseHandler(timer: timer, maxBodyBytes: limits.maxBodyBytes)]))
        do {
            // First in the pipeline, so that it sees raw bytes before the HTTP decoder.
            try channel.pipeline.syncOperations.addHandler(ByteActivityHandler(timer: timer), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await HTTP1Channel(responder: responder).handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    static func guardedHTTP1(_ limits: ConnectionLimits) -> HTTPServerBuilder {
        .init { responder in GuardedHTTP1Channel(responder: responder, limits: limits) }
    }
}

/// Which limit applies now; one timer per connection, re-armed on each phase change. Confined to the
/// channel's event loop (both handlers run there).
final class ConnectionTimer: @unchecked Sendable {
    enum Phase { case idle, header, body, handling }

    let limits: ConnectionLimits
    private(set) var phase = Phase.idle
    private var scheduled: Scheduled<Void>?
    /// The whole-body limit, armed with the request head and kept while the per-pause timer re-arms.
    private var bodyDeadline: Scheduled<Void>?
    var requestsInProgress = 0

    init(limits: ConnectionLimits) { self.limits = limits }

    func enter(_ phase: Phase, context: ChannelHandlerContext) {
        self.phase = phase
        scheduled?.cancel()
        scheduled = nil
        let timeout: Duration
        switch phase {
        case .idle: timeout = limits.idle
        case .header: timeout = limits.header
        case .body: timeout = limits.body
        case .handling: return
        }
        let channel = context.channel
        scheduled = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout.seconds * 1e9))) {
            channel.close(promise: nil)
        }
    }

    /// Any bytes from the client: the start of a request head when idle, progress while in a body.
    func bytesArrived(context: ChannelHandlerContext) {
        switch phase {
        case .idle: enter(.header, context: context)
        case .body: enter(.body, context: context)
        case .header, .handling: break
        }
    }

    func bodyStarted(context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
        let channel = context.channel
        bodyDeadline = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(limits.bodyTotal.seconds * 1e9))) {
            channel.close(promise: nil)
        }
    }

    func bodyEnded() {
        bodyDeadline?.cancel()
        bodyDeadline = nil
    }

    func stop() {
        scheduled?.cancel()
        scheduled = nil
        bodyEnded()
    }
}

/// Raw bytes in, before HTTP decoding: drives the idle, header and body timers and the connection count.
final class ByteActivityHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let timer: ConnectionTimer
    private var counted = false

    init(timer: ConnectionTimer) { self.timer = timer }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !counted else { return }
        counted = true
        timer.limits.connections.opened()
        timer.enter(.idle, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer.stop()
        if counted {
            counted = false
            timer.limits.connections.closed()
        }
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer.stop()
        if counted {
            counted = false
            timer.limits.connections.closed()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        timer.bytesArrived(context: context)
        context.fireChannelRead(data)
    }
}

/// Decoded request parts in, responses out: marks where a request is, and sends `100 Continue` to a
/// client that waits for it (curl waits a second otherwise) unless the declared body is over the limit,
/// in which case the route's 413 is the answer and the client never sends the body.
final class RequestPhaseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    let timer: ConnectionTimer
    let maxBodyBytes: Int

    init(timer: ConnectionTimer, maxBodyBytes: Int) {
        self.timer = timer
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            timer.requestsInProgress += 1
            timer.enter(.body, context: context)
            timer.bodyStarted(context: context)
            if head.headerFields[.expect]?.lowercased() == "100-continue" {
                let declared = head.headerFields[.contentLength].flatMap(Int.init) ?? 0
                if declared <= maxBodyBytes {
                    context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
                }
            }
        case .body:
            break
        case .end:
            timer.bodyEnded()
            // Answered already (an early 413, say): wait for the next request, under the idle limit.
            timer.enter(timer.requestsInProgress > 0 ? .handling : .idle, context: context)
        }
        context.fireChannelRead(data)
    }

    /// Response ends written but not yet on the wire, and a close waiting for them.
    private var unflushedEnds = 0
    private var deferredClose: (mode: CloseMode, promise: EventLoopPromise<Void>?)?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        timer.requestsInProgress -= 1
        if timer.requestsInProgress <= 0 && timer.phase == .handling { timer.enter(.idle, context: context) }
        unflushedEnds += 1
        let written = promise ?? context.eventLoop.makePromise()
        written.futureResult.whenComplete { [self] _ in
            unflushedEnds -= 1
            if unflushedEnds == 0, let (mode, closePromise) = deferredClose {
                deferredClose = nil
                context.close(mode: mode, promise: closePromise)
            }
        }
        context.write(data, promise: written)
    }

    /// On shutdown Hummingbird closes a connection right after writing the end of its last response;
    /// a close fails the writes still queued, which cuts a large body short. The close waits for the
    /// response to reach the socket instead (the grace period bounds the wait).
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, unflushedEnds > 0 else { return context.close(mode: mode, promise: promise) }
        guard let earlier = deferredClose?.promise else { return deferredClose = (mode, promise ?? deferredClose?.promise) }
        if let promise { earlier.futureResult.cascade(to: promise) }
    }
}

/// Past the connection cap, only the probes are served (so that an orchestrator still sees the
/// process alive); everything else gets 503 and the connection is closed.
struct ConnectionCapMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let connections: ConnectionCounter
    let maxConnections: Int
    static let probes: Set<String> = ["/healthz", "/readyz"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard connections.value > maxConnections, !Self.probes.contains(request.uri.path) else {
            return try await next(request, context)
        }
        throw APIError(.serviceUnavailable, code: "too_many_connections",
                       "the server has \(maxConnections) connections open; retry later", retryAfterSeconds: 1)
    }
}
