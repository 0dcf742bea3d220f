import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// The assembled HTTP service: routes, middleware, limits, cache and job store around one engine.
/// `makeApplication()` is what tests run on a loopback port; `run()` is what `rsr serve` runs, with
/// signal handling and a bounded grace period.
public final class SuperResolutionServer: Sendable {
    public let configuration: ServerConfiguration
    public let engine: any SuperResolutionEngine
    public let metrics: ServerMetrics
    public let state = ServerState()
    public let logger: Logger
    let processor: ImageRequestProcessor
    let jobs: JobManager
    let connections = ConnectionCounter()

    public init(configuration: ServerConfiguration, engine: any SuperResolutionEngine, logger: Logger,
                metrics: ServerMetrics = ServerMetrics()) throws {
        self.configuration = configuration
        self.engine = engine
        self.logger = logger
        self.metrics = metrics
        processor = ImageRequestProcessor(engine: engine, configuration: configuration, metrics: metrics)
        jobs = try JobManager(configuration: configuration, processor: processor, metrics: metrics, logger: logger)
    }

    /// `onServerRunning` receives the bound port (useful with port 0).
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: ServerRequestContext.self)
        // Outermost first: ids on everything, then counting, then errors as JSON, then auth.
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ObservabilityMiddleware(metrics: metrics))
        router.add(middleware: ErrorResponseMiddleware(metrics: metrics))
        router.add(middleware: ConnectionCapMiddleware(connections: connections, maxConnections: configuration.maxConnections))
        if let token = configuration.bearerToken {
            router.add(middleware: BearerAuthMiddleware(token: token))
        }
        PageRoutes().register(on: router)
        InfoRoutes(engine: engine, state: state, metrics: metrics).register(on: router)
        ImageRoutes(processor: processor, maxBodyBytes: configuration.maxBodyBytes, timeout: configuration.requestTimeout)
            .register(on: router)
        JobRoutes(processor: processor, jobs: jobs, maxBodyBytes: configuration.maxBodyBytes).register(on: router)
        MethodNotAllowedRoutes.register(on: router)
        return Application(
            router: router,
            server: .guardedHTTP1(ConnectionLimits(
                header: configuration.headerTimeout, body: configuration.bodyTimeout,
                bodyTotal: configuration.bodyTotalTimeout, idle: configuration.idleTimeout,
                maxBodyBytes: configuration.maxBodyBytes, connections: connections)),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "rsr",
                                 availableConnectionsDelegate: MaximumAvailableConnections(
                                    configuration.maxConnections + configuration.probeConnections)),
            services: [jobs],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting connections, gives in-flight requests and
    /// jobs `gracePeriod` to finish, cancels what is left and returns.
    public func run() async throws {
        try await serve(makeServiceGroup(handlesSignals: true))
    }

    /// Runs `group`; work cancelled because the grace period ran out is the expected end of a
    /// shutdown, not a failure of the process.
    func serve(_ group: ServiceGroup) async throws {
        do {
            try await group.run()
        } catch where state.isShuttingDown {
            logger.warning("stopped after the grace period with work cancelled", metadata: ["error": "\(error)"])
        }
    }

    /// The application plus readiness handling, shut down gracefully within `gracePeriod`; on
    /// SIGTERM/SIGINT when `handlesSignals` (tests trigger shutdown themselves).
    func makeServiceGroup(
        handlesSignals: Bool, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> ServiceGroup {
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                .init(service: makeApplication(onServerRunning: onServerRunning)),
                // Listed last so that it is told first (see ReadinessShutdownService).
                .init(service: ReadinessShutdownService(state: state)),
            ],
            gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = configuration.gracePeriod
        return ServiceGroup(configuration: groupConfiguration)
    }
}
