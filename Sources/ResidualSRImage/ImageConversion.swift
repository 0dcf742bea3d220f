import ResidualSRCore

extension Image {
    /// All channels as planes in [0, 1] (8-bit / 255, 16-bit / 65535), alpha last.
    public func floatImage() -> FloatImage {
        let planeSize = width * height
        var pixels = [Float](repeating: 0, count: planeSize * channels)
        let channels = self.channels
        pixels.withUnsafeMutableBufferPointer { planes in
            // Division (not multiplication by 1/255) gives the correctly rounded v / 255.
            func deinterleave<Sample: BinaryInteger>(_ values: [Sample], maximum: Float) {
                values.withUnsafeBufferPointer { interleaved in
                    for pixel in 0..<planeSize {
                        for c in 0..<channels {
                            planes[c * planeSize + pixel] = Float(interleaved[pixel * channels + c]) / maximum
                        }
                    }
                }
            }
            switch samples {
            case .eight(let values): deinterleave(values, maximum: 255)
            case .sixteen(let values): deinterleave(values, maximum: 65535)
            }
        }
        return FloatImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Colour planes (1 or 3) and, when present, the alpha plane.
    public func floatPlanes() -> (color: FloatImage, alpha: FloatImage?) {
        let all = floatImage()
        guard hasAlpha else { return (all, nil) }
        return (all.planes(0..<(channels - 1)), all.planes((channels - 1)..<channels))
    }

    /// Colour as exactly 3 planes (gray replicated, alpha dropped): the input an `Upscaler` takes.
    public func floatRGB() -> FloatImage {
        let color = floatPlanes().color
        return color.channels == 3 ? color : FloatImage.stacking([color, color, color])
    }

    /// Quantizes planes in [0, 1] (values outside are clamped, NaN becomes 0, rounding to nearest).
    /// `floatImage.channels` must be 1-4: gray, gray+alpha, RGB, RGBA.
    public init(floatImage: FloatImage, bitDepth: Int = 8, iccProfile: [UInt8]? = nil, orientation: Int = 1,
                format: Format? = nil, pngColor: PNGColorInfo? = nil) {
        precondition(bitDepth == 8 || bitDepth == 16, "bit depth must be 8 or 16")
        self.init(width: floatImage.width, height: floatImage.height, channels: floatImage.channels,
                  samples: SampleQuantization.interleave(floatImage, bitDepth: bitDepth), iccProfile: iccProfile,
                  orientation: orientation, format: format, pngColor: pngColor)
    }

    /// Colour planes plus an optional alpha plane as one image (the inverse of `floatPlanes`).
    public init(color: FloatImage, alpha: FloatImage?, bitDepth: Int = 8, iccProfile: [UInt8]? = nil,
                pngColor: PNGColorInfo? = nil) {
        let planes = alpha.map { FloatImage.stacking([color, $0]) } ?? color
        self.init(floatImage: planes, bitDepth: bitDepth, iccProfile: iccProfile, pngColor: pngColor)
    }
}

enum SampleQuantization {
    /// Planar floats in [0, 1] to interleaved integer samples.
    static func interleave(_ image: FloatImage, bitDepth: Int) -> ImageSamples {
        let planeSize = image.planeSize, channels = image.channels
        func quantize<Sample: FixedWidthInteger>(_: Sample.Type, maximum: Float) -> [Sample] {
            var result = [Sample](repeating: 0, count: planeSize * channels)
            image.pixels.withUnsafeBufferPointer { planes in
                result.withUnsafeMutableBufferPointer { interleaved in
                    for c in 0..<channels {
                        for pixel in 0..<planeSize {
                            let value = planes[c * planeSize + pixel]
                            // NaN fails both comparisons and lands on 0. Adding 0.5 and truncating
                            // rounds to nearest for these non-negative values, and vectorises.
                            let clamped: Float = value > 0 ? (value < 1 ? value : 1) : 0
                            interleaved[pixel * channels + c] = Sample(truncatingIfNeeded: Int32(clamped * maximum + 0.5))
                        }
                    }
                }
            }
            return result
        }
        return bitDepth == 16 ? .sixteen(quantize(UInt16.self, maximum: 65535))
                              : .eight(quantize(UInt8.self, maximum: 255))
    }
}
