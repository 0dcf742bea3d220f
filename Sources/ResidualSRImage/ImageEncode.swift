import ResidualSRCore

extension Image {
    /// The encoded file. PNG keeps channels and bit depth; JPEG drops alpha and stores 8 bits.
    /// ICC is embedded in both; PNG gAMA/sRGB are written back for PNG.
    public func encode(format: Format, options: EncodeOptions = EncodeOptions()) throws -> [UInt8] {
        let encoder = try RowEncoder(descriptor: -1, path: nil, format: format, width: width, height: height,
                                     channels: channels, bitDepth: bitDepth, options: options,
                                     iccProfile: iccProfile, pngColor: pngColor)
        defer { encoder.close() }
        try encoder.append(samples)
        try encoder.finish()
        return encoder.encodedBytes()
    }

    /// Writes atomically: a temporary file in the same folder, fsync, rename. On failure the temporary
    /// file is removed and an existing file at `path` is left untouched.
    public func write(to path: String, format: Format, options: EncodeOptions = EncodeOptions()) throws {
        let bytes: [UInt8]
        do {
            bytes = try encode(format: format, options: options)
        } catch let error as RSRError {
            throw error.at(path)
        }
        let file = try AtomicFile(path: path)
        do {
            try file.write(bytes)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }
}
