import Foundation
import Logging
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRBatch

/// Finished jobs on disk: `<id>.json` (the record) and `<id>.png|jpg|webp|tif|avif` (the result), written to a
/// temporary name and renamed so that a crash never leaves a half-written result under a real name.
/// The store only does files; `JobManager` owns the in-memory index and decides what to delete.
struct JobStore: Sendable {
    let directory: URL

    init(directory: URL) throws {
        self.directory = directory
        try DataDirectory.preparePrivate(directory.deletingLastPathComponent())
        try DataDirectory.preparePrivate(directory)
    }

    /// Finished records found on disk; removes the store's own files that belong to none (partial
    /// writes, orphans) and leaves every other name alone.
    func loadFinished(logger: Logger) -> [JobRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var records: [JobRecord] = []
        var keep: Set<String> = []
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        for name in names where name.hasSuffix(".json") {
            let url = directory.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url), let record = try? decoder.decode(JobRecord.self, from: data),
                  JobRecord.isValidID(record.id), name == "\(record.id).json", record.isFinished else { continue }
            if let resultFile = record.resultFile {
                guard names.contains(resultFile) else { continue }
                keep.insert(resultFile)
            }
            keep.insert(name)
            records.append(record)
        }
        for name in names where !keep.contains(name) && DataDirectory.isStoreFileName(name) {
            DataDirectory.removeStoreFile(name, in: directory)
            logger.debug("removed stray file from the jobs directory", metadata: ["file": "\(name)"])
        }
        return records
    }

    func writeResult(_ bytes: [UInt8], name: String) throws {
        try writeAtomically(Data(bytes), to: name)
    }

    func writeRecord(_ record: JobRecord) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try writeAtomically(try encoder.encode(record), to: "\(record.id).json")
    }

    func readResult(name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    func remove(_ record: JobRecord) {
        DataDirectory.removeStoreFile("\(record.id).json", in: directory)
        if let resultFile = record.resultFile, DataDirectory.isStoreFileName(resultFile) {
            DataDirectory.removeStoreFile(resultFile, in: directory)
        }
    }

    private func writeAtomically(_ data: Data, to name: String) throws {
        let temporary = directory.appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        do {
            try DataDirectory.writeNewPrivateFile(data, to: temporary)
            // rename(2) replaces the destination atomically.
            guard rename(temporary.path, directory.appendingPathComponent(name).path) == 0 else {
                throw RSRError(.io, "rename failed (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw APIError(.internalServerError, code: "io_error", "cannot store the job result: \(error.localizedDescription)")
        }
    }
}
