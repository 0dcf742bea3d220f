import Foundation

/// The safetensors container: u64 little-endian header length N, N bytes of JSON header
/// (`{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}`),
/// then the raw little-endian tensor data. Only F32 is used by this project.
public struct SafeTensors: Sendable {
    public var tensors: [String: (shape: [Int], values: [Float])]
    /// Tensor names in file order (kept so files are written back in a stable order).
    public var order: [String]
    public var metadata: [String: String]

    public init(metadata: [String: String] = [:]) {
        tensors = [:]
        order = []
        self.metadata = metadata
    }

    public mutating func add(_ name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "\(name): shape does not match value count")
        if tensors[name] == nil { order.append(name) }
        tensors[name] = (shape, values)
    }

    // MARK: Reading

    static let maxHeaderBytes = 16 << 20

    public static func read(file path: String) throws -> SafeTensors {
        let data = try RegularFile.read(path)
        do { return try decode(data) } catch let error as RSRError { throw error.at(path) }
    }

    public static func decode(_ bytes: [UInt8]) throws -> SafeTensors {
        func fail(_ reason: String) -> RSRError { RSRError(.model, "not a valid safetensors file: " + reason) }
        guard bytes.count >= 8 else { throw fail("shorter than its 8-byte header length") }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        guard headerLength >= 2, headerLength <= UInt64(maxHeaderBytes), headerLength <= UInt64(bytes.count - 8) else {
            throw fail("header length \(headerLength) does not fit a file of \(bytes.count) bytes")
        }
        let dataStart = 8 + Int(headerLength)
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])),
              let header = json as? [String: Any] else { throw fail("header is not a JSON object") }
        var result = SafeTensors()
        if let meta = header["__metadata__"] {
            guard let meta = meta as? [String: String] else { throw fail("__metadata__ must map strings to strings") }
            result.metadata = meta
        }
        let dataSize = bytes.count - dataStart
        var entries: [(name: String, begin: Int, end: Int, shape: [Int])] = []
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int],
                  offsets.count == 2 else { throw fail("entry '\(name)' lacks dtype, shape or data_offsets") }
            guard dtype == "F32" else { throw RSRError(.model, "tensor '\(name)' is \(dtype); only F32 is supported") }
            guard shape.allSatisfy({ $0 >= 0 && $0 < 1 << 31 }) else { throw fail("tensor '\(name)' has a bad shape") }
            let (begin, end) = (offsets[0], offsets[1])
            let elements = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            guard begin >= 0, end >= begin, end <= dataSize, end - begin == elements * 4 else {
                throw fail("tensor '\(name)' data_offsets [\(begin), \(end)] do not match its shape or the file size")
            }
            entries.append((name, begin, end, shape))
        }
        entries.sort { $0.begin < $1.begin }
        for (a, b) in zip(entries, entries.dropFirst()) where b.begin < a.end {
            throw fail("tensors '\(a.name)' and '\(b.name)' overlap")
        }
        for entry in entries {
            let count = (entry.end - entry.begin) / 4
            var values = [Float](repeating: 0, count: count)
            bytes.withUnsafeBytes { raw in
                values.withUnsafeMutableBytes { out in
                    out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(dataStart + entry.begin)..<(dataStart + entry.end)]))
                }
            }
            #if _endian(big)
            values = values.map { Float(bitPattern: $0.bitPattern.byteSwapped) }
            #endif
            result.add(entry.name, shape: entry.shape, values: values)
        }
        return result
    }

    // MARK: Writing

    public func encode() -> [UInt8] {
        var header = "{\"__metadata__\":" + Self.jsonObject(metadata.sorted { $0.key < $1.key })
        var offset = 0
        for name in order {
            let (shape, values) = tensors[name]!
            let end = offset + values.count * 4
            header += ",\(Self.jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}"
            offset = end
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)
        var out = [UInt8]()
        out.reserveCapacity(8 + headerBytes.count + offset)
        let length = UInt64(headerBytes.count)
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: length >> (8 * i))) }
        out += headerBytes
        for name in order {
            for value in tensors[name]!.values {
                let bits = value.bitPattern.littleEndian
                for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * i))) }
            }
        }
        return out
    }

    static func jsonString(_ s: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    static func jsonObject(_ pairs: [(key: String, value: String)]) -> String {
        "{" + pairs.map { jsonString($0.key) + ":" + jsonString($0.value) }.joined(separator: ",") + "}"
    }
}
