import ResidualSRCore

/// EXIF orientation: reading the tag from an APP1 segment and turning stored pixels upright.
///
/// Values: 1 upright, 2 mirrored left-right, 3 rotated 180, 4 mirrored top-bottom, 5 transposed,
/// 6 needs 90 clockwise, 7 transversed, 8 needs 90 counter-clockwise.
enum ExifOrientation {
    /// `app1`: the APP1 payload, "Exif\0\0" followed by a TIFF header in either byte order.
    static func parse(app1: [UInt8]) -> Int? {
        let exif: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]
        guard app1.count >= 14, Array(app1[0..<6]) == exif else { return nil }
        return parse(tiff: Array(app1[6...]))
    }

    /// `tiff`: EXIF data starting at its TIFF header (a WebP EXIF chunk, an AVIF Exif item).
    static func parse(tiff: [UInt8]) -> Int? {
        guard let entry = orientationEntry(tiff) else { return nil }
        return (1...8).contains(entry.value) ? entry.value : nil
    }

    /// The same EXIF with its orientation set to 1, for writing next to pixels that are already upright
    /// (unchanged when it has no readable orientation tag).
    static func resettingOrientation(tiff: [UInt8]) -> [UInt8] {
        guard let entry = orientationEntry(tiff) else { return tiff }
        var result = tiff
        result[entry.valueOffset] = entry.little ? 1 : 0
        result[entry.valueOffset + 1] = entry.little ? 0 : 1
        return result
    }

    /// IFD0's orientation entry (tag 0x0112, type SHORT): its value and where the value is stored.
    private static func orientationEntry(_ tiff: [UInt8]) -> (value: Int, valueOffset: Int, little: Bool)? {
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 2 <= tiff.count else { return nil }
            let (a, b) = (Int(tiff[offset]), Int(tiff[offset + 1]))
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ offset: Int) -> Int? {
            guard let first = u16(offset), let second = u16(offset + 2) else { return nil }
            return little ? first | second << 16 : first << 16 | second
        }
        guard u16(2) == 42, let ifd = u32(4), let entries = u16(ifd) else { return nil }
        for index in 0..<entries {
            let entry = ifd + 2 + index * 12
            guard let tag = u16(entry) else { return nil }
            guard tag == 0x0112 else { continue }
            guard u16(entry + 2) == 3, let value = u16(entry + 8) else { return nil }
            return (value, entry + 8, little)
        }
        return nil
    }

    /// For each upright pixel, the stored pixel it comes from. `width`/`height`: stored size.
    static func source(orientation: Int, x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int) {
        switch orientation {
        case 2: (width - 1 - x, y)
        case 3: (width - 1 - x, height - 1 - y)
        case 4: (x, height - 1 - y)
        case 5: (y, x)
        case 6: (y, height - 1 - x)
        case 7: (width - 1 - y, height - 1 - x)
        case 8: (width - 1 - y, x)
        default: (x, y)
        }
    }

    /// Reorders interleaved `samples` of a stored `width` x `height` image into upright order.
    static func apply<Sample>(_ orientation: Int, to samples: [Sample], width: Int, height: Int,
                              channels: Int) -> [Sample] {
        let swaps = orientation >= 5
        let (outWidth, outHeight) = swaps ? (height, width) : (width, height)
        var result = samples
        samples.withUnsafeBufferPointer { input in
            result.withUnsafeMutableBufferPointer { output in
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        let from = source(orientation: orientation, x: x, y: y, width: width, height: height)
                        let inBase = (from.y * width + from.x) * channels
                        let outBase = (y * outWidth + x) * channels
                        for c in 0..<channels { output[outBase + c] = input[inBase + c] }
                    }
                }
            }
        }
        return result
    }
}

extension Image {
    /// Turns the stored pixels upright according to EXIF `orientation` (keeps `self.orientation`).
    mutating func applyOrientation(_ orientation: Int) {
        guard (2...8).contains(orientation) else { return }
        switch samples {
        case .eight(let values):
            samples = .eight(ExifOrientation.apply(orientation, to: values, width: width, height: height,
                                                   channels: channels))
        case .sixteen(let values):
            samples = .sixteen(ExifOrientation.apply(orientation, to: values, width: width, height: height,
                                                     channels: channels))
        }
        if orientation >= 5 { swap(&width, &height) }
    }
}
