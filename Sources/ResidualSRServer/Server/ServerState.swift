import ResidualSRCore
import ServiceLifecycle

/// Readiness: true once the engine has models and until shutdown begins, so that a load balancer
/// stops sending traffic before the listener closes.
public final class ServerState: Sendable {
    private let shuttingDown = Locked(false)

    public init() {}

    public var isShuttingDown: Bool { shuttingDown.withLock { $0 } }

    public func beginShutdown() { shuttingDown.withLock { $0 = true } }
}

/// Placed after the application in the service group, so that on SIGTERM it is told first (services
/// shut down in reverse order) and readiness fails while in-flight requests are still finishing.
struct ReadinessShutdownService: Service {
    let state: ServerState

    func run() async throws {
        try? await gracefulShutdown()
        state.beginShutdown()
    }
}
