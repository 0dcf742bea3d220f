import ResidualSRCore

/// Streams a PNG or JPEG to disk in row order, for outputs too big to hold encoded in memory.
///
/// Rows go to a temporary file in the target's folder; `finish` fsyncs it and renames it over
/// `path`. `cancel`, a failed write, or dropping the writer unfinished removes the temporary file,
/// leaving any existing file at `path` untouched.
///
///     let writer = try ImageRowWriter(path: "out.png", format: .png, width: 4000, height: 3000, channels: 3)
///     for strip in strips { try writer.append(strip) }   // FloatImage strips of 3 planes
///     try writer.finish()
public final class ImageRowWriter {
    public let path: String
    public let format: Image.Format
    public let width: Int
    public let height: Int
    /// Channels of the rows you append (alpha is dropped when writing JPEG).
    public let channels: Int
    /// Bit depth written to PNG (JPEG is always 8-bit).
    public let bitDepth: Int
    public var rowsWritten: Int { encoder?.rowsWritten ?? 0 }

    private var file: AtomicFile?
    private var encoder: RowEncoder?

    public init(path: String, format: Image.Format, width: Int, height: Int, channels: Int, bitDepth: Int = 8,
                options: EncodeOptions = EncodeOptions(), iccProfile: [UInt8]? = nil,
                pngColor: PNGColorInfo? = nil) throws {
        self.path = path
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        let file = try AtomicFile(path: path)
        do {
            encoder = try RowEncoder(descriptor: file.handOverDescriptor(), path: path, format: format, width: width,
                                     height: height, channels: channels, bitDepth: bitDepth, options: options,
                                     iccProfile: iccProfile, pngColor: pngColor)
        } catch {
            file.discard()
            throw error
        }
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

    /// A strip of planes in [0, 1] (clamped and rounded to the writer's bit depth).
    public func append(_ strip: FloatImage) throws {
        guard strip.width == width, strip.channels == channels else {
            throw RSRError(.invalidArgument, "strip is \(strip.width) px wide with \(strip.channels) planes, "
                           + "writer expects \(width) px with \(channels)", path: path)
        }
        try append(samples: SampleQuantization.interleave(strip, bitDepth: format == .jpeg ? 8 : bitDepth))
    }

    /// Completes the file and moves it into place.
    public func finish() throws {
        guard let encoder, let file else { throw RSRError(.invalidArgument, "writer is already closed", path: path) }
        do {
            try encoder.finish()
            encoder.close()
            try file.commit()
            self.encoder = nil
            self.file = nil
        } catch {
            cancel()
            throw error
        }
    }

    /// Abandons the output: the temporary file is removed, an existing target stays untouched.
    public func cancel() {
        encoder?.close() // closes the descriptor before the unlink
        encoder = nil
        file?.discard()
        file = nil
    }

    private func append(samples: ImageSamples) throws {
        guard let encoder else { throw RSRError(.invalidArgument, "writer is already closed", path: path) }
        do {
            try encoder.append(samples)
        } catch let error as RSRError where error.kind == .invalidArgument {
            throw error // a caller mistake leaves the writer usable
        } catch {
            cancel()
            throw error
        }
    }
}
