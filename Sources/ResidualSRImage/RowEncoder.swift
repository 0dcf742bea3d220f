#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ResidualSRCore

/// Feeds interleaved rows to a `CodecWriter`, converting them to what the format stores:
/// PNG keeps the declared channels and bit depth; JPEG stores 8-bit gray or RGB, so alpha is
/// dropped and 16-bit samples are rounded to 8 bits.
final class RowEncoder {
    let format: Image.Format
    let width: Int
    let height: Int
    let channels: Int
    let bitDepth: Int
    private(set) var rowsWritten = 0
    private let writer: CodecWriter
    private let path: String?

    init(descriptor: Int32, path: String?, format: Image.Format, width: Int, height: Int, channels: Int,
         bitDepth: Int, options: EncodeOptions, iccProfile: [UInt8]?, pngColor: PNGColorInfo?) throws {
        guard (1...4).contains(channels), bitDepth == 8 || bitDepth == 16, width >= 1, height >= 1 else {
            if descriptor >= 0 { _ = closeDescriptor(descriptor) }
            throw RSRError(.invalidArgument,
                           "cannot write \(width)x\(height) with \(channels) channels at \(bitDepth) bits", path: path)
        }
        do {
            try options.validate()
        } catch let error as RSRError {
            if descriptor >= 0 { _ = closeDescriptor(descriptor) }
            throw path.map { error.at($0) } ?? error
        }
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.path = path
        let storedChannels = format == .jpeg ? (channels >= 3 ? 3 : 1) : channels
        let storedDepth = format == .jpeg ? 8 : bitDepth
        writer = try CodecWriter(descriptor: descriptor, path: path, format: format, width: width, height: height,
                                 channels: storedChannels, bitDepth: storedDepth, options: options,
                                 iccProfile: iccProfile, pngColor: format == .png ? pngColor : nil)
    }

    /// `samples`: whole rows at the declared channels, any bit depth (converted if it differs).
    func append(_ samples: ImageSamples) throws {
        let rowSamples = width * channels
        guard samples.count % rowSamples == 0 else {
            throw RSRError(.invalidArgument, "\(samples.count) samples is not a whole number of \(width)-pixel rows",
                           path: path)
        }
        let rows = samples.count / rowSamples
        guard rows <= height - rowsWritten else {
            throw RSRError(.invalidArgument, "\(rows) rows given but only \(height - rowsWritten) of \(height) remain",
                           path: path)
        }
        guard rows > 0 else { return }
        let stored = storedLayout(samples)
        switch stored {
        case .eight(let values): try values.withUnsafeBytes { try writer.write(rows: $0, count: rows) }
        case .sixteen(let values): try values.withUnsafeBytes { try writer.write(rows: $0, count: rows) }
        }
        rowsWritten += rows
    }

    func finish() throws {
        try writer.finish()
    }

    func encodedBytes() -> [UInt8] { writer.encodedBytes() }

    func close() { writer.close() }

    private func storedLayout(_ samples: ImageSamples) -> ImageSamples {
        let targetDepth = format == .jpeg ? 8 : bitDepth
        let dropAlpha = format == .jpeg && (channels == 2 || channels == 4)
        if samples.bitDepth == targetDepth && !dropAlpha { return samples }
        let keep = dropAlpha ? channels - 1 : channels
        switch (samples, targetDepth) {
        case (.eight(let values), 8):
            return .eight(SampleConversion.selectChannels(values, channels: channels, keep: keep))
        case (.sixteen(let values), 16):
            return .sixteen(SampleConversion.selectChannels(values, channels: channels, keep: keep))
        case (.sixteen(let values), _):
            return .eight(SampleConversion.to8(SampleConversion.selectChannels(values, channels: channels, keep: keep)))
        case (.eight(let values), _):
            return .sixteen(SampleConversion.to16(SampleConversion.selectChannels(values, channels: channels, keep: keep)))
        }
    }
}

@discardableResult
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(descriptor)
    #else
    return Darwin.close(descriptor)
    #endif
}
