#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CImageCodecs
import ResidualSRCore

/// The one encoder of the library, for every format: streams rows to a file in row order (outputs too
/// big to hold encoded in memory) or encodes to memory (`Image.encode`).
///
/// Rows come at the declared `channels` and `bitDepth` and are converted to what the format stores
/// (`Image.Format.storedLayout`: JPEG drops alpha and stores 8 bits). A file goes to a temporary file in
/// the target's folder; `finish` fsyncs it and renames it over `path`. `cancel`, a failed write, or
/// dropping the writer unfinished removes the temporary file, leaving any existing file at `path`
/// untouched. A caller mistake (rows of the wrong size, too many rows) throws and leaves it usable.
///
///     let writer = try ImageWriter(path: "out.png", format: .png, width: 4000, height: 3000, channels: 3)
///     for strip in strips { try writer.append(strip) }   // FloatImage strips of 3 planes
///     try writer.finish()
public final class ImageWriter {
    /// nil for a memory writer.
    public let path: String?
    public let format: Image.Format
    public let width: Int
    public let height: Int
    /// Channels of the rows you append.
    public let channels: Int
    /// Bit depth of the rows you append.
    public let bitDepth: Int
    public private(set) var rowsWritten = 0
    /// What the file holds.
    let stored: (channels: Int, bitDepth: Int)

    private var writer: OpaquePointer?
    private var file: AtomicFile?

    /// A writer of the file at `path`, which appears only when `finish` succeeds.
    public convenience init(path: String, format: Image.Format, width: Int, height: Int, channels: Int,
                            bitDepth: Int = 8, options: EncodeOptions = EncodeOptions(), iccProfile: [UInt8]? = nil,
                            pngColor: PNGColorInfo? = nil, exif: [UInt8]? = nil) throws {
        let file = try AtomicFile(path: path)
        do {
            try self.init(file: file, path: path, format: format, width: width, height: height, channels: channels,
                          bitDepth: bitDepth, options: options, iccProfile: iccProfile, pngColor: pngColor, exif: exif)
        } catch {
            file.discard()
            throw error
        }
    }

    /// A writer into memory: `encodedBytes()` after `finish`.
    convenience init(format: Image.Format, width: Int, height: Int, channels: Int, bitDepth: Int,
                     options: EncodeOptions, iccProfile: [UInt8]?, pngColor: PNGColorInfo?, exif: [UInt8]?) throws {
        try self.init(file: nil, path: nil, format: format, width: width, height: height, channels: channels,
                      bitDepth: bitDepth, options: options, iccProfile: iccProfile, pngColor: pngColor, exif: exif)
    }

    private init(file: AtomicFile?, path: String?, format: Image.Format, width: Int, height: Int, channels: Int,
                 bitDepth: Int, options: EncodeOptions, iccProfile: [UInt8]?, pngColor: PNGColorInfo?,
                 exif: [UInt8]?) throws {
        self.path = path
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        stored = format.storedLayout(channels: channels, bitDepth: bitDepth)
        guard (1...4).contains(channels), bitDepth == 8 || bitDepth == 16, width >= 1, height >= 1,
              let width32 = UInt32(exactly: width), let height32 = UInt32(exactly: height) else {
            throw RSRError(.invalidArgument,
                           "cannot write \(width)x\(height) with \(channels) channels at \(bitDepth) bits", path: path)
        }
        do {
            try options.validate()
        } catch let error as RSRError {
            throw path.map { error.at($0) } ?? error
        }
        let descriptor = file?.handOverDescriptor() ?? -1
        var message = [CChar](repeating: 0, count: Int(RSR_MESSAGE_CAPACITY))
        let icc = iccProfile ?? []
        let color = pngColor // formats without gAMA/sRGB ignore it
        let (storedChannels, storedDepth) = stored
        // Pixels are written upright, so a carried-over EXIF must not ask for a rotation again.
        let exifBytes = exif.map(ExifOrientation.resettingOrientation(tiff:)) ?? []
        let quality = switch format {
        case .webp: options.webpQuality
        case .avif: options.avifQuality
        default: options.jpegQuality
        }
        let status = icc.withUnsafeBufferPointer { iccBuffer in exifBytes.withUnsafeBufferPointer { exifBuffer in
            var settings = rsr_write_options(
                quality: Int32(quality), chroma444: options.chroma444 ? 1 : 0,
                progressive: options.progressive ? 1 : 0, compression_level: Int32(options.pngCompressionLevel),
                icc: icc.isEmpty ? nil : iccBuffer.baseAddress, icc_size: icc.count,
                has_gamma: color?.gamma != nil ? 1 : 0, gamma: UInt32(clamping: color?.gamma ?? 0),
                srgb_intent: Int32(color?.srgbIntent ?? -1), lossless: options.webpLossless ? 1 : 0,
                effort: Int32(options.webpLosslessEffort), speed: Int32(options.avifSpeed),
                tiff_compression: Int32(options.tiffCompression.cValue.rawValue), tile_size: Int32(options.tiffTileSize),
                exif: exifBytes.isEmpty ? nil : exifBuffer.baseAddress, exif_size: exifBytes.count)
            return format.codec.openWriter(&writer, descriptor, width32, height32, Int32(storedChannels),
                                           Int32(storedDepth), &settings, &message)
        } }
        try checkCodecStatus(status, message: codecMessage(message), context: "cannot write \(format.name)", path: path)
        guard writer != nil else { throw RSRError(.io, "cannot write \(format.name)", path: path) }
        self.file = file
    }

    deinit { cancel() }

    /// Interleaved 8-bit rows (`channels` samples per pixel, whole rows).
    public func append(rows: [UInt8]) throws { try append(samples: .eight(rows)) }

    /// Interleaved 16-bit rows.
    public func append(rows: [UInt16]) throws { try append(samples: .sixteen(rows)) }

    /// A strip of whole rows; its width and channels must match the writer's.
    public func append(_ strip: Image) throws {
        guard strip.width == width, strip.channels == channels else {
            throw RSRError(.invalidArgument, "strip is \(strip.width) px wide with \(strip.channels) channels, "
                           + "writer expects \(width) px with \(channels)", path: path)
        }
        try append(samples: strip.samples)
    }

    /// A strip of planes in [0, 1] (clamped and rounded to the stored bit depth).
    public func append(_ strip: FloatImage) throws {
        guard strip.width == width, strip.channels == channels else {
            throw RSRError(.invalidArgument, "strip is \(strip.width) px wide with \(strip.channels) planes, "
                           + "writer expects \(width) px with \(channels)", path: path)
        }
        try append(samples: ImageSamples(quantizing: strip, bitDepth: stored.bitDepth))
    }

    /// Whole rows at the declared channels, either bit depth (converted to the stored layout).
    public func append(samples: ImageSamples) throws {
        guard let writer else { throw RSRError(.invalidArgument, "writer is already closed", path: path) }
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
        let status = switch SampleConversion.convert(samples, channels: channels, to: stored) {
        case .eight(let values): values.withUnsafeBytes { rsr_writer_write_rows(writer, $0.baseAddress, UInt32(rows)) }
        case .sixteen(let values): values.withUnsafeBytes { rsr_writer_write_rows(writer, $0.baseAddress, UInt32(rows)) }
        }
        do {
            try check(status)
        } catch let error as RSRError where error.kind == .invalidArgument {
            throw error // a caller mistake leaves the writer usable
        } catch {
            cancel()
            throw error
        }
        rowsWritten += rows
    }

    /// Completes the output; a file is fsynced and moved into place.
    public func finish() throws {
        guard let writer else { throw RSRError(.invalidArgument, "writer is already closed", path: path) }
        do {
            try check(rsr_writer_finish(writer))
            if let file {
                rsr_writer_destroy(writer) // closes the descriptor before the rename
                self.writer = nil
                try file.commit()
                self.file = nil
            }
        } catch {
            cancel()
            throw error
        }
    }

    /// The encoded bytes of a memory writer after `finish`.
    func encodedBytes() -> [UInt8] {
        guard let writer else { return [] }
        var size = 0
        guard let bytes = rsr_writer_buffer(writer, &size), size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// Abandons the output: the temporary file is removed, an existing target stays untouched.
    public func cancel() {
        rsr_writer_destroy(writer) // closes the descriptor before the unlink
        writer = nil
        file?.discard()
        file = nil
    }

    private func check(_ status: rsr_status) throws {
        try checkCodecStatus(status, message: writer.map { String(cString: rsr_writer_message($0)) } ?? "",
                             context: "cannot write \(format.name)", path: path)
    }
}
