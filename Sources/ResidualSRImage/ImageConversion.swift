import ResidualSRCore

// The one pair of sample conversions: interleaved integers -> planar floats (`floatRegion`) and back
// (`FloatImage.quantize`). Everything else (whole images, tiles, bands, writer strips) calls these.

extension Image {
    /// Planes `planes` of `rect`, scaled to [0, 1] (8-bit / 255, 16-bit / 65535), alpha last.
    /// Pulled tile by tile, so a large input never exists as a whole float copy.
    public func floatRegion(_ rect: PixelRect, planes: Range<Int>) -> FloatImage {
        var output = FloatImage(width: rect.width, height: rect.height, channels: planes.count)
        let (width, channels, planeSize) = (self.width, self.channels, rect.width * rect.height)
        output.pixels.withUnsafeMutableBufferPointer { target in
            // src: height x width x channels interleaved; dst: planes x rect.height x rect.width.
            // Division (not multiplication by 1/255) gives the correctly rounded v / 255.
            func convert<Sample: BinaryInteger>(_ values: [Sample], maximum: Float) {
                values.withUnsafeBufferPointer { source in
                    for (plane, channel) in planes.enumerated() {
                        for row in 0..<rect.height {
                            let from = ((rect.y + row) * width + rect.x) * channels + channel
                            let to = plane * planeSize + row * rect.width
                            for column in 0..<rect.width {
                                target[to + column] = Float(source[from + column * channels]) / maximum
                            }
                        }
                    }
                }
            }
            switch samples {
            case .eight(let values): convert(values, maximum: 255)
            case .sixteen(let values): convert(values, maximum: 65535)
            }
        }
        return output
    }

    /// All channels as planes in [0, 1], alpha last.
    public func floatImage() -> FloatImage {
        floatRegion(PixelRect(x: 0, y: 0, width: width, height: height), planes: 0..<channels)
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
                  samples: ImageSamples(quantizing: floatImage, bitDepth: bitDepth), iccProfile: iccProfile,
                  orientation: orientation, format: format, pngColor: pngColor)
    }

    /// Colour planes plus an optional alpha plane as one image (the inverse of `floatPlanes`).
    public init(color: FloatImage, alpha: FloatImage?, bitDepth: Int = 8, iccProfile: [UInt8]? = nil,
                pngColor: PNGColorInfo? = nil) {
        let planes = alpha.map { FloatImage.stacking([color, $0]) } ?? color
        self.init(floatImage: planes, bitDepth: bitDepth, iccProfile: iccProfile, pngColor: pngColor)
    }
}

extension ImageSamples {
    /// Planar floats in [0, 1] as interleaved samples at `bitDepth` (8 or 16).
    public init(quantizing image: FloatImage, bitDepth: Int) {
        let count = image.planeSize * image.channels
        func quantized<Sample: FixedWidthInteger & UnsignedInteger>(_: Sample.Type) -> [Sample] {
            [Sample](unsafeUninitializedCapacity: count) { buffer, initialized in
                image.quantize(into: buffer, rowWidth: image.width, x: 0, channels: image.channels, firstChannel: 0)
                initialized = count
            }
        }
        self = bitDepth == 16 ? .sixteen(quantized(UInt16.self)) : .eight(quantized(UInt8.self))
    }
}

extension FloatImage {
    /// Writes these planes, clamped to [0, 1] (NaN becomes 0) and rounded to `Sample`'s range, as
    /// channels `firstChannel...` of interleaved rows `rowWidth` pixels wide holding `channels` samples
    /// per pixel, starting at column `x` (a tile's place in an output band).
    /// dst: height x rowWidth x channels; src: one plane per channel. Inlinable so that the pipeline's
    /// call from another module is specialised for its sample type (the hot loop of every output).
    @inlinable
    public func quantize<Sample: FixedWidthInteger & UnsignedInteger>(into target: UnsafeMutableBufferPointer<Sample>,
                                                                     rowWidth: Int, x: Int, channels: Int,
                                                                     firstChannel: Int) {
        let (width, height) = (self.width, self.height)
        let maximum = Float(Sample.max)
        pixels.withUnsafeBufferPointer { source in
            for plane in 0..<self.channels {
                let channel = firstChannel + plane
                for row in 0..<height {
                    let from = (plane * height + row) * width
                    let to = (row * rowWidth + x) * channels + channel
                    for column in 0..<width {
                        let value = source[from + column]
                        let clamped: Float = value > 0 ? (value < 1 ? value : 1) : 0
                        target[to + column * channels] = Sample((clamped * maximum).rounded())
                    }
                }
            }
        }
    }
}
