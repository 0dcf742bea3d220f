/// Upscales alpha (any number of planes) with MATLAB bicubic.
///
/// Alpha goes through bicubic rather than the network: the network was trained on colour, and alpha
/// edges (cut-outs, anti-aliased shapes) must stay where they are, not get "enhanced".
///
/// Colour is upscaled as stored: straight (unassociated) alpha, which is what PNG holds. Premultiplying
/// first would hand the network dark, half-faded colours along every soft edge (it was trained on
/// opaque photos) and dividing them back out amplifies its error where alpha is small - the classic
/// dark fringe. Straight colour has its own, milder caveat: colour hidden under alpha = 0 still takes
/// part in the interpolation of the neighbouring visible pixels; files whose transparent pixels hold
/// black can show a thin dark edge. Most exporters keep the real colour under transparent pixels.
public struct AlphaBicubicUpscaler: Upscaler {
    public let scale: Int
    /// Keys cubic taps reach 2 input pixels either side of an output sample.
    public var contextRadius: Int { 2 }

    public init(scale: Int) { self.scale = scale }

    public func upscale(_ image: FloatImage) throws -> FloatImage {
        Bicubic.resize(image, scale: Double(scale))
    }
}
