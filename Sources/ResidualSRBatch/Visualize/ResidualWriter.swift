import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Computes and writes the residual figures of one upscaled image.
public struct ResidualWriter: Sendable {
    public var options: ResidualOptions
    public var io: any BatchImageIO

    public init(options: ResidualOptions, io: any BatchImageIO) {
        self.options = options
        self.io = io
    }

    /// `upscaled`: the output's colour planes (1 or 3), unclamped floats as the upscaler made them.
    public func write(for file: InputFile, source: any UpscaleSource, upscaled: FloatImage) throws {
        let input = source.floatRegion(PixelRect(x: 0, y: 0, width: source.width, height: source.height),
                                       planes: 0..<source.colorPlanes)
        let hr = try options.hrPath(for: file).map { try loadHR($0, size: upscaled, input: input) }
        let paths = options.paths(for: file)
        let folder = (paths.map as NSString).deletingLastPathComponent
        try OutputFolder.create(folder)
        // A run killed while writing these left `.<name>.rsr-XXXXXX` files; the folder sweep of the
        // runner cannot name them before the scale is known, so they go here.
        StaleTemporaries.sweep(outputs: paths.all)
        let figures = try ResidualFigureSet(input: input, upscaled: upscaled, hr: hr, range: options.range)
        try io.writeWhole(figures.map, bitDepth: 8, to: paths.map)
        try io.writeWhole(figures.strip, bitDepth: 8, to: paths.strip)
        if let raw = options.raw, let path = paths.raw {
            switch raw {
            case .png:
                try io.writeGray16(RawResidual.png16Samples(figures.residual), width: upscaled.width,
                                   height: upscaled.height, to: path)
            case .npy:
                let file = try AtomicFile(path: path)
                do {
                    try file.write([UInt8](RawResidual.npy(figures.residual)))
                    try file.commit()
                } catch {
                    file.discard()
                    throw error
                }
            }
        }
    }

    /// The HR image's colour planes, cropped to the SR size (HR sides that are not multiples of the
    /// scale are a few pixels larger; anything else is the wrong image).
    private func loadHR(_ path: String, size: FloatImage, input: FloatImage) throws -> FloatImage {
        let source = try io.decode(path)
        let scale = Int(max(Double(size.width) / Double(input.width), Double(size.height) / Double(input.height)).rounded(.up))
        guard source.width >= size.width - scale + 1, source.height >= size.height - scale + 1,
              source.width <= size.width + scale, source.height <= size.height + scale else {
            throw RSRError(.invalidArgument, "HR image is \(source.width)x\(source.height), the upscaled one "
                + "\(size.width)x\(size.height): not its ground truth", path: path)
        }
        let width = min(source.width, size.width), height = min(source.height, size.height)
        return source.floatRegion(PixelRect(x: 0, y: 0, width: width, height: height), planes: 0..<source.colorPlanes)
    }
}
