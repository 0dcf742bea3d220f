/// Anything that maps a low-resolution RGB image to one `scale` times larger: the network, or plain
/// bicubic. The batch pipeline, tiling, `rsr bench` and the server are written against this.
public protocol Upscaler: Sendable {
    var scale: Int { get }
    /// LR pixels of context a tile needs on each side so that tiled output equals whole-image output.
    var contextRadius: Int { get }
    /// `image`: 3 planes (RGB) in [0, 1]. Result: 3 planes, `scale` times the size, NOT clamped.
    func upscale(_ image: FloatImage) throws -> FloatImage
}
