import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference

/// Validation images decoded once and scored at each validation step with the benchmark's protocol
/// (LR = uint8 MATLAB bicubic of the modcropped HR, Y-PSNR with shave = scale).
final class ValidationSet {
    let name: String
    let options: BenchmarkOptions
    private let groundTruths: [FloatImage]
    private(set) var bicubicPSNR = 0.0

    convenience init(folder: String, scale: Int) throws {
        try self.init(name: URL(fileURLWithPath: folder).lastPathComponent, files: try FileDiscovery.imageFiles(in: folder),
                      scale: scale)
    }

    init(name: String, files: [String], scale: Int) throws {
        self.name = name
        options = BenchmarkOptions(scale: scale)
        groundTruths = try files.map { try Image.decode(file: $0).floatImage() }
        bicubicPSNR = meanPSNR(try BicubicUpscaler(scale: scale))
    }

    func meanPSNR(_ upscaler: any Upscaler) -> Double {
        var total = 0.0
        for truth in groundTruths {
            guard let result = try? Benchmark.measure(groundTruth: truth, upscaler: upscaler, options: options) else {
                return .nan
            }
            total += result.score.psnr
        }
        return total / Double(groundTruths.count)
    }
}
