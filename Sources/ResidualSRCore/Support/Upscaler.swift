/// Anything that maps a low-resolution RGB image to one `scale` times larger: the network, or plain
/// bicubic. The batch pipeline, tiling, `rsr bench` and the server are written against this.
///
/// A wrapper (an ensemble, a cancelling test double) forwards all five members; the two memory
/// members have no defaults on purpose, so that a wrapper cannot silently claim a cheap,
/// single-threaded inner upscaler's costs.
public protocol Upscaler: Sendable {
    var scale: Int { get }
    /// LR pixels of context a tile needs on each side so that tiled output equals whole-image output.
    var contextRadius: Int { get }
    /// Peak scratch bytes per input pixel of one tile, beyond the tile's input and output: what the
    /// tile size is chosen from (`TilingBudget`, `--max-memory`).
    var workingBytesPerInputPixel: Int { get }
    /// True when one `upscale` call already keeps every core busy (the network's convolutions do):
    /// tiles then run one at a time, which also keeps a single tile's scratch in memory.
    var usesAllCores: Bool { get }
    /// True for plain bicubic: an exact size is then one MATLAB `imresize` from the input to that size
    /// (`UpscalePipeline`), not this scale followed by a shrink, which is the only way for a network.
    var resizesInOneStep: Bool { get }
    /// `image`: 3 planes (RGB) in [0, 1]. Result: 3 planes, `scale` times the size, NOT clamped.
    func upscale(_ image: FloatImage) throws -> FloatImage
}
