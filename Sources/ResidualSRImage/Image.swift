import ResidualSRCore

/// A decoded raster image: interleaved samples, 1-4 channels, 8 or 16 bits per sample.
///
/// Channels are gray (1), gray+alpha (2), RGB (3) or RGBA (4). Samples live in `[UInt8]` or
/// `[UInt16]` according to the bit depth, so an 8-bit photo costs one byte per sample (what
/// libjpeg/libpng read and write directly) and 16-bit PNGs round-trip exactly.
public struct Image: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var channels: Int
    /// Row-major, interleaved: sample `(y * width + x) * channels + c`.
    public var samples: ImageSamples
    /// The embedded ICC profile, carried as opaque bytes (never interpreted or converted).
    public var iccProfile: [UInt8]?
    /// The EXIF orientation (1-8) found in the file. Decoding has already applied it: pixels are upright.
    public var orientation: Int
    /// The format the image was decoded from, if any.
    public var format: Format?
    /// PNG gAMA / sRGB chunks, kept so that a PNG re-encodes with the same colour signalling.
    public var pngColor: PNGColorInfo?

    public init(width: Int, height: Int, channels: Int, samples: ImageSamples, iccProfile: [UInt8]? = nil,
                orientation: Int = 1, format: Format? = nil, pngColor: PNGColorInfo? = nil) {
        precondition(width >= 1 && height >= 1 && (1...4).contains(channels), "invalid image shape")
        precondition(samples.count == width * height * channels, "sample count does not match the shape")
        self.width = width
        self.height = height
        self.channels = channels
        self.samples = samples
        self.iccProfile = iccProfile
        self.orientation = orientation
        self.format = format
        self.pngColor = pngColor
    }

    public var bitDepth: Int { samples.bitDepth }
    public var hasAlpha: Bool { channels == 2 || channels == 4 }
    /// 1 for gray and gray+alpha, 3 for RGB and RGBA.
    public var colorChannels: Int { hasAlpha ? channels - 1 : channels }
    public var pixelCount: Int { width * height }
}

/// Interleaved samples at their stored bit depth.
public enum ImageSamples: Sendable, Equatable {
    case eight([UInt8])
    case sixteen([UInt16])

    public var bitDepth: Int {
        switch self {
        case .eight: 8
        case .sixteen: 16
        }
    }

    public var count: Int {
        switch self {
        case .eight(let values): values.count
        case .sixteen(let values): values.count
        }
    }
}

/// PNG colour signalling other than ICC: gAMA (gamma x 100000) and the sRGB rendering intent.
public struct PNGColorInfo: Sendable, Equatable {
    public var gamma: Int?
    public var srgbIntent: Int?

    public init(gamma: Int? = nil, srgbIntent: Int? = nil) {
        self.gamma = gamma
        self.srgbIntent = srgbIntent
    }
}

/// Guards against decompression bombs: checked on the header, before any pixel memory is allocated.
public struct DecodeLimits: Sendable, Equatable {
    public var maxPixels: Int
    /// Wall time a JPEG's pixel decode may take (a server passes what is left of the request's
    /// deadline); nil: no limit beyond the scan limit.
    public var timeLimit: Duration?

    public init(maxPixels: Int = 256_000_000, timeLimit: Duration? = nil) {
        self.maxPixels = maxPixels
        self.timeLimit = timeLimit
    }

    public static let `default` = DecodeLimits()
}
