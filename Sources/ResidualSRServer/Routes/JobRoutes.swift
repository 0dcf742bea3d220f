import Foundation
import Hummingbird
import ResidualSRImage

/// POST /v1/jobs, GET /v1/jobs/{id}, GET /v1/jobs/{id}/result: the same work as the synchronous
/// routes, for images that take longer than a client wants to hold a connection open.
struct JobRoutes {
    let processor: ImageRequestProcessor
    let jobs: JobManager
    let maxBodyBytes: Int

    func register(on router: Router<ServerRequestContext>) {
        router.post("/v1/jobs") { request, _ in try await submit(request) }
        router.get("/v1/jobs/{id}") { _, context in try status(try context.parameters.require("id")) }
        router.get("/v1/jobs/{id}/result") { _, context in
            let (record, bytes) = try jobs.result(try context.parameters.require("id"))
            return Response(status: .ok, headers: [.contentType: record.contentType ?? "application/octet-stream"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    private func submit(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        var operation = ImageOperation.upscale
        if let text = query.get("operation") {
            guard let value = ImageOperation(rawValue: text) else {
                throw APIError(.badRequest, code: "invalid_parameter", "operation must be upscale or residual, not '\(text)'")
            }
            operation = value
        }
        var options = try UpscaleParameters.parse(query, models: processor.engine.models, alsoAllowed: ["operation"])
        if operation == .residual { options.format = .png }
        let input = try await RequestBodyReader.read(request, limit: maxBodyBytes)
        let header = try processor.validate(input, operation: operation, options: &options)
        let id = try jobs.submit(input, header: header, operation: operation, options: options)
        let body = Accepted(id: id, status: .queued, statusURL: "/v1/jobs/\(id)", resultURL: "/v1/jobs/\(id)/result")
        return JSONBody.response(body, status: .accepted, headers: [.location: body.statusURL])
    }

    private func status(_ id: String) throws -> Response {
        guard JobRecord.isValidID(id), let record = jobs.record(id) else {
            throw APIError(.notFound, code: "job_not_found", "no job with id '\(id)' (it may have expired)")
        }
        return JSONBody.response(JobStatusBody(record))
    }

    private struct Accepted: Encodable {
        var id: String
        var status: JobStatus
        var statusURL: String
        var resultURL: String
        enum CodingKeys: String, CodingKey {
            case id, status
            case statusURL = "status_url"
            case resultURL = "result_url"
        }
    }

    private struct JobStatusBody: Encodable {
        var id: String
        var status: JobStatus
        var progress: Double
        var operation: ImageOperation
        var scale: Int
        /// The exact size or factor asked for (`2.5`, `1920w`, `fit1920x1080`, ...), when not `scale` times.
        var size: String?
        var format: Image.Format
        var model: String
        var createdAt: Date
        var finishedAt: Date?
        var error: JobRecord.Failure?
        var resultURL: String?

        init(_ record: JobRecord) {
            id = record.id
            status = record.status
            progress = (record.progress * 1000).rounded() / 1000
            operation = record.operation
            scale = record.options.scale
            size = record.options.size?.label
            format = record.options.format
            model = record.options.modelID
            createdAt = record.createdAt
            finishedAt = record.finishedAt
            error = record.error
            resultURL = record.status == .done ? "/v1/jobs/\(record.id)/result" : nil
        }

        enum CodingKeys: String, CodingKey {
            case id, status, progress, operation, scale, size, format, model, error
            case createdAt = "created_at"
            case finishedAt = "finished_at"
            case resultURL = "result_url"
        }
    }
}
