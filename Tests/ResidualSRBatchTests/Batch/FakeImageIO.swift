import Foundation
@testable import ResidualSRCore
@testable import ResidualSRImage
@testable import ResidualSRInference
@testable import ResidualSRTraining
@testable import ResidualSRBatch
import ResidualSRTestSupport

/// A trivial file format so the batch runner can be tested without the PNG/JPEG codecs:
/// "RSRT", then width, height, channels, bit depth, ICC length as UInt32 LE, the ICC bytes, then
/// samples as UInt16 LE. Anything else is "corrupt".
struct FakeImageIO: BatchImageIO {
    static func encode(_ image: InterleavedTestImage) -> Data {
        var data = Data("RSRT".utf8)
        let icc = image.iccProfile ?? []
        for value in [image.width, image.height, image.channels, image.bitDepth, icc.count] { append(UInt32(value), to: &data) }
        data.append(contentsOf: icc)
        for sample in image.samples { append(sample, to: &data) }
        return data
    }

    static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    func decode(_ path: String) throws -> any UpscaleSource {
        guard let data = FileManager.default.contents(atPath: path) else { throw RSRError(.io, "cannot read", path: path) }
        return try Self.decode(data, path: path)
    }

    static func decode(_ data: Data, path: String) throws -> InterleavedTestImage {
        let bytes = [UInt8](data)
        guard bytes.count >= 24, bytes.starts(with: Array("RSRT".utf8)) else { throw RSRError(.corrupt, "not an RSRT file", path: path) }
        func word(_ offset: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) } }
        let (width, height, channels, bitDepth, iccCount) = (word(4), word(8), word(12), word(16), word(20))
        let start = 24 + iccCount
        guard bytes.count == start + width * height * channels * 2 else { throw RSRError(.corrupt, "truncated", path: path) }
        let samples = (0..<(width * height * channels)).map { UInt16(bytes[start + 2 * $0]) | UInt16(bytes[start + 2 * $0 + 1]) << 8 }
        return InterleavedTestImage(width: width, height: height, channels: channels, bitDepth: bitDepth, samples: samples,
                                    iccProfile: iccCount > 0 ? Array(bytes[24..<start]) : nil)
    }

    static func writeAtomically(_ data: Data, to path: String) throws {
        let file = try AtomicFile(path: path)
        try file.write([UInt8](data))
        try file.commit()
    }

    func openWriter(_ path: String, layout: OutputLayout) throws -> any BatchRowWriter {
        try FakeWriter(path: path, layout: layout)
    }

    func writeWhole(_ image: FloatImage, bitDepth: Int, to path: String) throws {
        var samples: [UInt16] = []
        for y in 0..<image.height {
            for x in 0..<image.width {
                for channel in 0..<image.channels { samples.append(UInt16((min(1, max(0, image[channel, y, x])) * 255).rounded())) }
            }
        }
        let encoded = Self.encode(InterleavedTestImage(width: image.width, height: image.height, channels: image.channels,
                                                       bitDepth: 8, samples: samples))
        try Self.writeAtomically(encoded, to: path)
    }

    func writeGray16(_ samples: [UInt16], width: Int, height: Int, to path: String) throws {
        let encoded = Self.encode(InterleavedTestImage(width: width, height: height, channels: 1, bitDepth: 16, samples: samples))
        try Self.writeAtomically(encoded, to: path)
    }
}

/// Writes under a temporary name and renames on `finish`, like the codecs' writer.
final class FakeWriter: BatchRowWriter {
    let handle: FileHandle
    let layout: OutputLayout
    let file: AtomicFile
    var rowsWritten = 0

    init(path: String, layout: OutputLayout) throws {
        file = try AtomicFile(path: path)
        handle = FileHandle(fileDescriptor: file.handOverDescriptor(), closeOnDealloc: true)
        self.layout = layout
        var header = Data("RSRT".utf8)
        let icc = layout.iccProfile ?? []
        for value in [layout.width, layout.height, layout.channels, layout.bitDepth, icc.count] {
            FakeImageIO.append(UInt32(value), to: &header)
        }
        header.append(contentsOf: icc)
        handle.write(header)
    }

    func write(_ rows: OutputRows) throws {
        guard rows.firstRow == rowsWritten, rows.width == layout.width, rows.channels == layout.channels,
              rows.bitDepth == layout.bitDepth else { throw RSRError(.invalidArgument, "rows out of order or shape") }
        var data = Data()
        switch rows.samples {
        case .eight(let samples): for sample in samples { FakeImageIO.append(UInt16(sample), to: &data) }
        case .sixteen(let samples): for sample in samples { FakeImageIO.append(sample, to: &data) }
        }
        handle.write(data)
        rowsWritten += rows.count
    }

    func finish() throws {
        guard rowsWritten == layout.height else { throw RSRError(.io, "only \(rowsWritten) of \(layout.height) rows") }
        try handle.close()
        try file.commit()
    }

    func abort() {
        try? handle.close()
        file.discard()
    }
}

/// Collects reporter output instead of printing it.
final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    var value: String { lock.withLock { text } }
    func append(_ more: String) { lock.withLock { text += more } }

    func reporter(_ style: ProgressReporter.Style) -> ProgressReporter {
        ProgressReporter(style: style, writeOut: { self.append($0) }, writeErr: { self.append($0) })
    }
}
