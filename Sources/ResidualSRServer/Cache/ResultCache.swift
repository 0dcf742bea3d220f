import Crypto
import ResidualSRCore

/// Encoded results by content hash, least-recently-used first out, bounded by total bytes, so that a
/// repeated request (same bytes, model and options) is answered without recomputing.
final class ResultCache: Sendable {
    private struct Entry {
        var image: EncodedImage
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var totalBytes = 0
        var clock: UInt64 = 0
    }

    let capacityBytes: Int
    private let state = Locked(State())

    init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    /// Key for `input` under `operation` and `options`: SHA-256 of the input plus every option that
    /// changes the output bytes (model id included).
    static func key(input: [UInt8], operation: ImageOperation, options: UpscaleRequestOptions) -> String {
        "\(SHA256.hash(data: input).hexDigest):\(operation.rawValue):\(options.canonicalDescription)"
    }

    func value(forKey key: String) -> EncodedImage? {
        state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            return entry.image
        }
    }

    /// Stores `image` unless it alone is larger than the cache; evicts least recently used entries.
    func insert(_ image: EncodedImage, forKey key: String) {
        let size = image.bytes.count
        guard size <= capacityBytes else { return }
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key) { state.totalBytes -= old.image.bytes.count }
            // Linear scan per eviction: entries are whole images, so there are few of them.
            while state.totalBytes + size > capacityBytes,
                  let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.entries.removeValue(forKey: oldest.key)
                state.totalBytes -= oldest.value.image.bytes.count
            }
            state.clock += 1
            state.entries[key] = Entry(image: image, lastUse: state.clock)
            state.totalBytes += size
        }
    }

    var totalBytes: Int { state.withLock { $0.totalBytes } }
    var count: Int { state.withLock { $0.entries.count } }
}

private extension SHA256.Digest {
    var hexDigest: String {
        let digits = Array("0123456789abcdef")
        return String(flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
