import Foundation
import Logging
import ResidualSRCore
import ResidualSRImage
import ServiceLifecycle

/// Runs asynchronous jobs and keeps their results within a byte budget and a time to live. A service
/// of the application: it sweeps expired jobs while the server runs and, on shutdown, stops taking
/// jobs and lets running ones finish (they are cancelled when the grace period runs out).
final class JobManager: Service, Sendable {
    private struct State {
        var records: [String: JobRecord] = [:]
        var tasks: [String: Task<Void, Never>] = [:]
        var storedBytes = 0
        var accepting = true
    }

    private let state = Locked(State())
    private let store: JobStore
    private let processor: ImageRequestProcessor
    private let metrics: ServerMetrics
    private let logger: Logger
    let maxPendingJobs: Int
    let maxStoredBytes: Int
    let ttl: Duration
    let sweepInterval: Duration
    let jobTimeout: Duration

    init(configuration: ServerConfiguration, processor: ImageRequestProcessor, metrics: ServerMetrics, logger: Logger) throws {
        store = try JobStore(directory: configuration.dataDirectory.appendingPathComponent("jobs"))
        self.processor = processor
        self.metrics = metrics
        self.logger = logger
        maxPendingJobs = configuration.maxPendingJobs
        maxStoredBytes = configuration.jobMaxBytes
        ttl = configuration.jobTTL
        sweepInterval = configuration.sweepInterval
        jobTimeout = configuration.jobTimeout
        let finished = store.loadFinished(logger: logger)
        state.withLock { state in
            for record in finished {
                state.records[record.id] = record
                state.storedBytes += record.resultBytes
            }
        }
        sweep()
    }

    // MARK: Service

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                while (try? await Task.sleep(for: sweepInterval)) != nil { sweep() }
            }
            group.addTask { try? await gracefulShutdown() }
            await group.next()
            group.cancelAll()
        }
        let running = state.withLock { state in
            state.accepting = false
            return Array(state.tasks.values)
        }
        if !running.isEmpty { logger.info("waiting for \(running.count) job(s) to finish") }
        await withTaskCancellationHandler {
            for task in running { await task.value }
        } onCancel: {
            for task in running { task.cancel() }
        }
    }

    // MARK: Jobs

    /// Accepts a job whose input already passed `processor.validate`; returns its id.
    func submit(_ input: [UInt8], header: ImageHeader, operation: ImageOperation, options: UpscaleRequestOptions) throws -> String {
        let record = JobRecord(id: JobRecord.newID(), operation: operation, options: options, status: .queued,
                               progress: 0, createdAt: Date(), resultBytes: 0)
        try state.withLock { state in
            guard state.accepting else {
                throw APIError(.serviceUnavailable, code: "shutting_down", "the server is shutting down")
            }
            guard state.tasks.count < maxPendingJobs else {
                throw APIError(.serviceUnavailable, code: "queue_full",
                               "\(state.tasks.count) jobs are already pending; retry later", retryAfterSeconds: 5)
            }
            state.records[record.id] = record
            // Started under the lock so that `run` sees every task it must wait for.
            state.tasks[record.id] = Task { await self.execute(record.id, input: input, header: header) }
        }
        return record.id
    }

    func record(_ id: String) -> JobRecord? {
        state.withLock { $0.records[id] }
    }

    func result(_ id: String) throws -> (record: JobRecord, bytes: [UInt8]) {
        guard JobRecord.isValidID(id), let record = record(id) else {
            throw APIError(.notFound, code: "job_not_found", "no job with id '\(id)' (it may have expired)")
        }
        switch record.status {
        case .queued, .running:
            throw APIError(.conflict, code: "job_not_done", "job \(id) is \(record.status.rawValue); poll its status until done")
        case .failed:
            throw APIError(.conflict, code: "job_failed", "job \(id) failed: \(record.error?.message ?? "unknown error")")
        case .done:
            guard let file = record.resultFile, let bytes = try? store.readResult(name: file) else {
                throw APIError(.notFound, code: "job_not_found", "the result of job \(id) is no longer stored")
            }
            return (record, bytes)
        }
    }

    private func execute(_ id: String, input: [UInt8], header: ImageHeader) async {
        guard let record = record(id) else { return }
        do {
            let outcome = try await processor.process(
                input, header: header, operation: record.operation, options: record.options, timeout: jobTimeout,
                countsAgainstQueue: false,
                onStart: { [self] in update(id) { $0.status = .running } },
                progress: { [self] fraction in update(id) { $0.progress = min(1, max($0.progress, fraction)) } }
            )
            try storeResult(id, image: outcome.image, extension: record.options.format.fileExtension)
        } catch {
            let apiError = APIError.from(error)
            finish(id) { record in
                record.status = .failed
                record.error = .init(code: apiError.code, message: apiError.message)
            }
            logger.info("job failed", metadata: ["job": "\(id)", "error": "\(apiError)"])
        }
    }

    private func storeResult(_ id: String, image: EncodedImage, extension fileExtension: String) throws {
        let size = image.bytes.count
        guard size <= maxStoredBytes else {
            throw APIError(.contentTooLarge, code: "result_too_large",
                           "the result (\(size) bytes) is larger than the job store (\(maxStoredBytes) bytes)")
        }
        let name = "\(id).\(fileExtension)"
        try store.writeResult(image.bytes, name: name)
        // Make room: the oldest finished results go first.
        let evicted: [JobRecord] = state.withLock { state in
            var evicted: [JobRecord] = []
            let candidates = state.records.values.filter { $0.status == .done && $0.id != id }
                .sorted { ($0.finishedAt ?? .distantPast) < ($1.finishedAt ?? .distantPast) }
            for candidate in candidates where state.storedBytes + size > maxStoredBytes {
                state.records.removeValue(forKey: candidate.id)
                state.storedBytes -= candidate.resultBytes
                evicted.append(candidate)
            }
            state.storedBytes += size
            return evicted
        }
        for record in evicted { store.remove(record) }
        finish(id) { record in
            record.status = .done
            record.progress = 1
            record.resultFile = name
            record.contentType = image.contentType
            record.resultBytes = size
        }
    }

    /// Persists the finished record before anyone can see it finished: a client that polls "done" and
    /// then lists or fetches finds the record file complete, never its temporary.
    private func finish(_ id: String, _ change: (inout JobRecord) -> Void) {
        guard var finished = record(id) else {
            state.withLock { _ = $0.tasks.removeValue(forKey: id) }
            return
        }
        change(&finished)
        finished.finishedAt = Date()
        do {
            try store.writeRecord(finished)
        } catch {
            logger.warning("cannot persist job record", metadata: ["job": "\(id)", "error": "\(error)"])
        }
        let record = finished
        state.withLock { state in
            state.tasks.removeValue(forKey: id)
            if state.records[id] != nil { state.records[id] = record }
        }
        metrics.recordJobFinished(status: record.status)
    }

    private func update(_ id: String, _ change: (inout JobRecord) -> Void) {
        state.withLock { state in
            guard var record = state.records[id], !record.isFinished else { return }
            change(&record)
            state.records[id] = record
        }
    }

    /// Removes finished jobs older than the time to live, with their files.
    func sweep(now: Date = Date()) {
        let cutoff = now.addingTimeInterval(-ttl.seconds)
        let expired: [JobRecord] = state.withLock { state in
            let expired = state.records.values.filter { record in
                guard let finishedAt = record.finishedAt else { return false }
                return record.isFinished && finishedAt < cutoff
            }
            for record in expired {
                state.records.removeValue(forKey: record.id)
                state.storedBytes -= record.resultBytes
            }
            return expired
        }
        for record in expired { store.remove(record) }
        if !expired.isEmpty { logger.debug("swept \(expired.count) expired job(s)") }
    }

    var storedBytes: Int { state.withLock { $0.storedBytes } }

    var allIDs: [String] { state.withLock { Array($0.records.keys) } }
}
