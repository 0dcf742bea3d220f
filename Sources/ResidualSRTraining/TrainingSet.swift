import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// Training pairs held in memory: for each HR image (and its optional downsized copies), the LR input
/// exactly as evaluation makes it (MATLAB bicubic down, rounded to 8 bits) and the residual target
/// HR - bicubic_up(LR), both computed on the whole image so patches carry no border artefacts.
public final class TrainingSet: @unchecked Sendable {
    public struct Pair: Sendable {
        public let low: FloatImage      // 3 x h x w
        public let residual: FloatImage // 3 x h*s x w*s
    }

    public let scale: Int
    public private(set) var pairs: [Pair] = []
    public let sourcePaths: [String]

    /// The image files of `folders`, in a fixed order (sorted per folder).
    public static func files(in folders: [String]) throws -> [String] {
        try folders.flatMap { try FileDiscovery.imageFiles(in: $0) }
    }

    /// Splits `files` into training files and `count` held-out files, evenly spaced through the list so
    /// both folders contribute; the split depends on nothing else, so a resumed run makes the same one.
    public static func holdOut(_ count: Int, of files: [String]) -> (training: [String], heldOut: [String]) {
        let count = min(max(0, count), files.count / 2)
        guard count > 0 else { return (files, []) }
        let picked = Set((0..<count).map { ($0 * files.count + files.count / 2) / count })
        return (files.indices.filter { !picked.contains($0) }.map { files[$0] }, picked.sorted().map { files[$0] })
    }

    /// `sizes`: relative sizes of each source to train on (1 = as is; e.g. [1, 0.8, 0.6] for multi-scale).
    public convenience init(folders: [String], scale: Int, sizes: [Double] = [1], minimumLowSize: Int,
                            log: (String) -> Void = { _ in }) throws {
        try self.init(files: try Self.files(in: folders), scale: scale, sizes: sizes, minimumLowSize: minimumLowSize, log: log)
    }

    public init(files: [String], scale: Int, sizes: [Double] = [1], minimumLowSize: Int,
                log: (String) -> Void = { _ in }) throws {
        self.scale = scale
        sourcePaths = files
        guard !sourcePaths.isEmpty else { throw RSRError(.invalidArgument, "no training images") }
        let lock = NSLock()
        var loaded = [[Pair]](repeating: [], count: sourcePaths.count)
        var failure: Error?
        parallelFor(sourcePaths.count) { index in
            do {
                let hr = try Image.decode(file: sourcePaths[index]).floatRGB()
                let pairs = sizes.compactMap { size -> Pair? in
                    let source = size == 1 ? hr : Bicubic.resize(hr, scale: size)
                    return Self.pair(from: source, scale: scale, minimumLowSize: minimumLowSize)
                }
                lock.lock()
                loaded[index] = pairs
                lock.unlock()
            } catch {
                lock.lock()
                failure = failure ?? error
                lock.unlock()
            }
        }
        if let failure { throw failure }
        pairs = loaded.flatMap { $0 }
        log("training set: \(sourcePaths.count) images, \(pairs.count) pairs at x\(scale)")
    }

    static func pair(from hr: FloatImage, scale s: Int, minimumLowSize: Int) -> Pair? {
        let (w, h) = (hr.width / s, hr.height / s)
        guard w >= minimumLowSize, h >= minimumLowSize else { return nil }
        let cropped = hr.modcropped(s)
        let low = Benchmark.lowResolution(of: cropped, scale: s)
        var residual = Bicubic.resize(low, scale: Double(s))
        for i in 0..<residual.pixels.count { residual.pixels[i] = cropped.pixels[i] - residual.pixels[i] }
        return Pair(low: low, residual: residual)
    }
}
