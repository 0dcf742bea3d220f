extension FloatImage {
    /// The top-left region whose sides are multiples of `scale` (the papers' "modcrop").
    public func modcropped(_ scale: Int) -> FloatImage {
        cropped(width: width - width % scale, height: height - height % scale)
    }

    /// The top-left `width` x `height` region of every plane.
    public func cropped(width newWidth: Int, height newHeight: Int) -> FloatImage {
        precondition(newWidth <= width && newHeight <= height && newWidth >= 0 && newHeight >= 0)
        if newWidth == width && newHeight == height { return self }
        var out = [Float]()
        out.reserveCapacity(newWidth * newHeight * channels)
        for channel in 0..<channels {
            for y in 0..<newHeight {
                let start = (channel * height + y) * width
                out += pixels[start..<(start + newWidth)]
            }
        }
        return FloatImage(width: newWidth, height: newHeight, channels: channels, pixels: out)
    }
}
