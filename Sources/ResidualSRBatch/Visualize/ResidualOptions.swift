import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// What to write for residual maps (`--residual DIR` on `rsr upscale`, or `rsr residual`).
public struct ResidualOptions: Sendable {
    public enum Raw: String, Sendable, CaseIterable {
        /// 16-bit gray PNG, offset 32768, 32768 per image unit (see `RawResidual`).
        case png
        /// float32 .npy, exact.
        case npy
    }

    public var folder: String
    /// Half-width of the colour scale in image units ([0, 1]); nil takes the robust percentile.
    public var range: Float?
    public var raw: Raw?
    /// Folder of ground-truth HR images (same relative names, any of png/jpg): adds the true residual
    /// (HR - bicubic), the error (SR - HR) and PSNRs.
    public var hrFolder: String?
    public var mirrorTree: Bool
    /// The figures need the whole output in memory; bigger outputs are refused with a clear reason.
    public var maxOutputPixels: Int
    /// What `{scale}` of the file names says: `2`, `2.5`, `1920w`, ... (`OutputSize.label`).
    public var scaleLabel: String

    public init(folder: String, size: OutputSize, range: Float? = nil, raw: Raw? = nil, hrFolder: String? = nil,
                mirrorTree: Bool = false, maxOutputPixels: Int = 25_000_000) {
        self.folder = folder
        self.scaleLabel = size.label
        self.range = range
        self.raw = raw
        self.hrFolder = hrFolder
        self.mirrorTree = mirrorTree
        self.maxOutputPixels = maxOutputPixels
    }

    public func checkSize(width: Int, height: Int, path: String) throws {
        guard width * height <= maxOutputPixels else {
            throw RSRError(.tooLarge, "residual maps need the whole \(width)x\(height) output in memory "
                + "(limit \(maxOutputPixels / 1_000_000) Mpx); upscale it without --residual", path: path)
        }
    }

    public struct Paths: Sendable, Equatable {
        public var map: String
        public var strip: String
        public var raw: String?

        public var all: [String] { [map, strip] + (raw.map { [$0] } ?? []) }
    }

    /// `{stem}_x{scale}_residual.png`, `..._strip.png`, `..._residual16.png` / `..._residual.npy`.
    public func paths(for file: InputFile) -> Paths {
        let stem = ((file.relativePath as NSString).lastPathComponent as NSString).deletingPathExtension
        let subfolder = mirrorTree ? (file.relativePath as NSString).deletingLastPathComponent : ""
        let base = ((folder as NSString).appendingPathComponent(subfolder) as NSString)
            .appendingPathComponent("\(stem)_x\(scaleLabel)")
        let raw = self.raw.map { $0 == .png ? base + "_residual16.png" : base + "_residual.npy" }
        return Paths(map: base + "_residual.png", strip: base + "_strip.png", raw: raw)
    }

    /// The HR image for `file`: same relative path under `hrFolder`, or the same stem with another
    /// image extension.
    func hrPath(for file: InputFile) -> String? {
        guard let hrFolder else { return nil }
        let direct = (hrFolder as NSString).appendingPathComponent(file.relativePath)
        if FileManager.default.fileExists(atPath: direct) { return direct }
        let stem = (direct as NSString).deletingPathExtension
        let extensions = ["png", "jpg", "jpeg", "webp", "tif", "tiff", "avif"]
        return (extensions + extensions.map { $0.uppercased() }).map { stem + "." + $0 }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}
