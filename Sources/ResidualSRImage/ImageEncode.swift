import ResidualSRCore

extension Image {
    /// The encoded file. What the format cannot store is converted (`Format.storedLayout`: JPEG drops
    /// alpha and stores 8 bits). ICC is embedded; PNG gAMA/sRGB are written back for PNG.
    public func encode(format: Format, options: EncodeOptions = EncodeOptions()) throws -> [UInt8] {
        let writer = try ImageWriter(format: format, width: width, height: height, channels: channels,
                                     bitDepth: bitDepth, options: options, iccProfile: iccProfile, pngColor: pngColor)
        try writer.append(samples: samples)
        try writer.finish()
        return writer.encodedBytes()
    }

    /// Writes atomically: a temporary file in the same folder, fsync, rename. On failure the temporary
    /// file is removed and an existing file at `path` is left untouched.
    public func write(to path: String, format: Format, options: EncodeOptions = EncodeOptions()) throws {
        let writer = try ImageWriter(path: path, format: format, width: width, height: height, channels: channels,
                                     bitDepth: bitDepth, options: options, iccProfile: iccProfile, pngColor: pngColor)
        try writer.append(samples: samples)
        try writer.finish()
    }
}
