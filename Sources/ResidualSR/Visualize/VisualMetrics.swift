import Foundation

/// The PSNR shown in figure captions: on studio-range Y (MATLAB rgb2ycbcr, as SR papers report), with
/// `shave` border pixels ignored, images clamped to [0, 1] and quantised to 8 bits as when saved.
public enum VisualMetrics {
    public static func psnrY(_ a: FloatImage, _ b: FloatImage, shave: Int) -> Double {
        let ya = studioY(a), yb = studioY(b)
        let width = min(ya.width, yb.width), height = min(ya.height, yb.height)
        guard width > 2 * shave, height > 2 * shave else { return .nan }
        var sum = 0.0
        for y in shave..<(height - shave) {
            for x in shave..<(width - shave) {
                let difference = Double(ya[0, y, x] - yb[0, y, x])
                sum += difference * difference
            }
        }
        let mse = sum / Double((width - 2 * shave) * (height - 2 * shave))
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    /// Y in 8-bit units (16...235) from an RGB image quantised to 8 bits; gray images pass through.
    static func studioY(_ image: FloatImage) -> FloatImage {
        let plane = image.planeSize
        var output = FloatImage(width: image.width, height: image.height, channels: 1)
        func level(_ value: Float) -> Float { (min(1, max(0, value)) * 255).rounded() }
        for index in 0..<plane {
            if image.channels >= 3 {
                let (r, g, b) = (level(image.pixels[index]), level(image.pixels[plane + index]), level(image.pixels[2 * plane + index]))
                output.pixels[index] = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255
            } else {
                output.pixels[index] = level(image.pixels[index])
            }
        }
        return output
    }

    /// "28.31 dB" (or "inf dB" for identical images).
    public static func format(_ psnr: Double) -> String {
        psnr.isFinite ? String(format: "%.2f DB", psnr) : (psnr.isNaN ? "- DB" : "INF DB")
    }
}
