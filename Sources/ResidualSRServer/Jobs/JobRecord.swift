import Foundation

public enum JobStatus: String, Sendable, Codable {
    case queued, running, done, failed
}

/// One asynchronous job as stored in memory and, once finished, as `<id>.json` next to its result,
/// so that finished jobs survive a restart of the server.
struct JobRecord: Sendable, Codable {
    struct Failure: Sendable, Codable {
        var code: String
        var message: String
    }

    var id: String
    var operation: ImageOperation
    var options: UpscaleRequestOptions
    var status: JobStatus
    var progress: Double
    var createdAt: Date
    var finishedAt: Date?
    var error: Failure?
    /// Set when done: the result file's name inside the jobs directory, its type and size.
    var resultFile: String?
    var contentType: String?
    var resultBytes: Int

    var isFinished: Bool { status == .done || status == .failed }

    /// Job ids are generated here and are the only thing that becomes part of a file name, so a path
    /// parameter that is not exactly this shape is rejected before it gets near the file system.
    static func isValidID(_ id: some StringProtocol) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func newID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}
