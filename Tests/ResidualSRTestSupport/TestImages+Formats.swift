import CImageCodecs
import CImageTestSupport
import ResidualSRCore
import ResidualSRImage

/// Test inputs for the WebP, TIFF and AVIF decoders that the library's own writers never produce.
extension TestImages {
    /// EXIF (TIFF header first, little-endian) with only IFD0's orientation tag.
    public static func exif(orientation: UInt8) -> [UInt8] {
        [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0, 0, 0, 0, 0]
    }

    /// A lossless WebP written by the C writer with `exif` as is (the Swift writer resets orientation).
    public static func webp(_ image: Image, exif: [UInt8]) throws -> [UInt8] {
        guard case .eight(let samples) = image.samples else { throw RSRError(.invalidArgument, "8-bit only") }
        var message = [CChar](repeating: 0, count: Int(RSR_MESSAGE_CAPACITY))
        var writer: OpaquePointer?
        let status = exif.withUnsafeBufferPointer { exifBuffer in
            var options = rsr_write_options()
            options.lossless = 1
            options.effort = 1
            options.exif = exifBuffer.baseAddress
            options.exif_size = exif.count
            return rsr_webp_writer_open(&writer, -1, UInt32(image.width), UInt32(image.height), Int32(image.channels),
                                        8, &options, &message)
        }
        try checkCodecStatus(status, message: codecMessage(message), context: "test encoder", path: nil)
        defer { rsr_writer_destroy(writer) }
        try checkCodecStatus(rsr_writer_write_rows(writer, samples, UInt32(image.height)),
                             message: String(cString: rsr_writer_message(writer)), context: "test encoder", path: nil)
        try checkCodecStatus(rsr_writer_finish(writer), message: String(cString: rsr_writer_message(writer)),
                             context: "test encoder", path: nil)
        var size = 0
        let bytes = rsr_writer_buffer(writer, &size)
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// Any TIFF layout via the test-only raw encoder: photometric 0 min-is-white, 1 min-is-black, 2 RGB;
    /// planar 1 contiguous, 2 separate; extraSample -1 none, 0 unspecified, 1 associated, 2 unassociated;
    /// orientation 0 writes no tag. `samples`: interleaved bytes (16-bit in host order, 1-bit packed).
    public static func rawTIFF(width: Int, height: Int, samplesPerPixel: Int, bitsPerSample: Int, photometric: Int = 2,
                        planar: Int = 1, extraSample: Int = -1, compression: rsr_tiff_compression = RSR_TIFF_NONE,
                        tileSize: Int = 0, orientation: Int = 0, pages: Int = 1, samples: [UInt8]) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(RSR_MESSAGE_CAPACITY))
        let status = samples.withUnsafeBytes { buffer in
            rsr_tiff_encode_raw(UInt32(width), UInt32(height), Int32(samplesPerPixel), Int32(bitsPerSample),
                                Int32(photometric), Int32(planar), Int32(extraSample), compression, Int32(tileSize),
                                Int32(orientation), Int32(pages), buffer.baseAddress, &out, &size, &message)
        }
        try checkCodecStatus(status, message: codecMessage(message), context: "test encoder", path: nil)
        defer { rsr_test_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// Bytes of interleaved samples, as the raw encoders take them.
    public static func bytes(of image: Image) -> [UInt8] {
        switch image.samples {
        case .eight(let values): values
        case .sixteen(let values): values.withUnsafeBytes { Array($0) }
        }
    }

    /// `tiff` with IFD0's ImageWidth and ImageLength entries rewritten as LONGs of the given values
    /// (little-endian files from the raw encoder), for decompression-bomb tests.
    public static func tiffClaiming(width: UInt32, height: UInt32, in tiff: [UInt8]) -> [UInt8] {
        var bytes = tiff
        func u16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        let ifd = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        for index in 0..<u16(ifd) {
            let entry = ifd + 2 + 12 * index
            let tag = u16(entry)
            guard tag == 256 || tag == 257 else { continue }
            let value = tag == 256 ? width : height
            bytes.replaceSubrange(entry + 2..<entry + 12, with: [4, 0, 1, 0, 0, 0] + (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
        }
        return bytes
    }

    /// Samples of `image` as Ints, for comparing across bit depths and layouts.
    public static func values(_ image: Image) -> [Int] {
        switch image.samples {
        case .eight(let values): values.map(Int.init)
        case .sixteen(let values): values.map(Int.init)
        }
    }
}
