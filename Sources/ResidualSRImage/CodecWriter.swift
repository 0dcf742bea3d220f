import CImageCodecs
import ResidualSRCore

/// One libpng/libjpeg encoder, writing to a file descriptor (which it takes over) or to memory.
///
/// The C state lives in a C-allocated struct; every call returns a status that goes through
/// `checkCodecStatus`. Rows come in interleaved at the writer's stored layout: PNG takes the
/// declared channels and bit depth, JPEG takes 8-bit gray or RGB (`ImageRowWriter` converts).
final class CodecWriter {
    private enum Backend {
        case png(OpaquePointer)
        case jpeg(OpaquePointer)
    }

    private var backend: Backend?
    let format: Image.Format
    let path: String?

    /// `descriptor` -1 encodes to memory (see `encodedBytes`).
    init(descriptor: Int32, path: String?, format: Image.Format, width: Int, height: Int, channels: Int,
         bitDepth: Int, options: EncodeOptions, iccProfile: [UInt8]?, pngColor: PNGColorInfo?) throws {
        self.format = format
        self.path = path
        var message = (0..<Int(RSR_MESSAGE_CAPACITY)).map { _ in CChar(0) }
        guard let width32 = UInt32(exactly: width), let height32 = UInt32(exactly: height) else {
            throw RSRError(.invalidArgument, "image size \(width)x\(height) is out of range", path: path)
        }
        let icc = iccProfile ?? []
        switch format {
        case .png:
            var pointer: OpaquePointer?
            let status = icc.withUnsafeBufferPointer { iccBuffer in
                var pngOptions = rsr_png_options(
                    compression_level: Int32(options.pngCompressionLevel),
                    icc: icc.isEmpty ? nil : iccBuffer.baseAddress, icc_size: icc.count,
                    has_gamma: pngColor?.gamma != nil ? 1 : 0, gamma: UInt32(clamping: pngColor?.gamma ?? 0),
                    srgb_intent: Int32(pngColor?.srgbIntent ?? -1))
                return rsr_png_writer_open(&pointer, descriptor, width32, height32, Int32(channels),
                                           Int32(bitDepth), &pngOptions, &message)
            }
            try checkCodecStatus(status, message: codecMessage(message), context: "cannot write PNG", path: path)
            guard let pointer else { throw RSRError(.io, "cannot write PNG", path: path) }
            backend = .png(pointer)
        case .jpeg:
            var pointer: OpaquePointer?
            let status = icc.withUnsafeBufferPointer { iccBuffer in
                var jpegOptions = rsr_jpeg_options(
                    quality: Int32(options.jpegQuality), chroma444: options.chroma444 ? 1 : 0,
                    progressive: options.progressive ? 1 : 0,
                    icc: icc.isEmpty ? nil : iccBuffer.baseAddress, icc_size: icc.count)
                return rsr_jpeg_writer_open(&pointer, descriptor, width32, height32, Int32(channels),
                                            &jpegOptions, &message)
            }
            try checkCodecStatus(status, message: codecMessage(message), context: "cannot write JPEG", path: path)
            guard let pointer else { throw RSRError(.io, "cannot write JPEG", path: path) }
            backend = .jpeg(pointer)
        }
    }

    deinit { close() }

    /// `rows`: whole rows, interleaved, at the writer's layout.
    func write(rows buffer: UnsafeRawBufferPointer, count: Int) throws {
        guard let backend else { throw RSRError(.invalidArgument, "writer is closed", path: path) }
        switch backend {
        case .png(let writer):
            let status = rsr_png_writer_write_rows(writer, buffer.baseAddress, UInt32(count))
            try checkCodecStatus(status, message: String(cString: rsr_png_writer_message(writer)),
                                 context: "cannot write PNG", path: path)
        case .jpeg(let writer):
            let status = rsr_jpeg_writer_write_rows(writer, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                    UInt32(count))
            try checkCodecStatus(status, message: String(cString: rsr_jpeg_writer_message(writer)),
                                 context: "cannot write JPEG", path: path)
        }
    }

    /// Ends the stream; for a file also flushes, fsyncs and closes it.
    func finish() throws {
        guard let backend else { throw RSRError(.invalidArgument, "writer is closed", path: path) }
        switch backend {
        case .png(let writer):
            try checkCodecStatus(rsr_png_writer_finish(writer), message: String(cString: rsr_png_writer_message(writer)),
                                 context: "cannot write PNG", path: path)
        case .jpeg(let writer):
            try checkCodecStatus(rsr_jpeg_writer_finish(writer), message: String(cString: rsr_jpeg_writer_message(writer)),
                                 context: "cannot write JPEG", path: path)
        }
    }

    /// The encoded bytes of a memory writer after `finish`.
    func encodedBytes() -> [UInt8] {
        var size = 0
        let pointer: UnsafePointer<UInt8>?
        switch backend {
        case .png(let writer): pointer = rsr_png_writer_buffer(writer, &size)
        case .jpeg(let writer): pointer = rsr_jpeg_writer_buffer(writer, &size)
        case nil: return []
        }
        guard let pointer, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: size))
    }

    /// Releases the C state (and closes the file if still open).
    func close() {
        switch backend {
        case .png(let writer): rsr_png_writer_destroy(writer)
        case .jpeg(let writer): rsr_jpeg_writer_destroy(writer)
        case nil: break
        }
        backend = nil
    }
}
