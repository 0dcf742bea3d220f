import CImageCodecs

/// How a file stores its colour, before decoding converts it to gray, RGB or their alpha forms
/// (whether it also stores alpha is `ImageHeader.sourceAlpha`). The raw values are what `rsr info` prints.
public enum SourceColor: String, Sendable, Equatable {
    case gray, rgb = "RGB", palette, yCbCr = "YCbCr", cmyk = "CMYK", ycck = "YCCK"
    case yuv444 = "YUV 4:4:4", yuv422 = "YUV 4:2:2", yuv420 = "YUV 4:2:0"
    case minIsWhite = "min-is-white", mask, cieLab = "CIELab", logL = "LogL", logLuv = "LogLuv", unknown

    init(_ space: rsr_color_space) {
        self = switch space {
        case RSR_COLOR_GRAY: .gray
        case RSR_COLOR_RGB: .rgb
        case RSR_COLOR_PALETTE: .palette
        case RSR_COLOR_YCBCR: .yCbCr
        case RSR_COLOR_CMYK: .cmyk
        case RSR_COLOR_YCCK: .ycck
        case RSR_COLOR_YUV444: .yuv444
        case RSR_COLOR_YUV422: .yuv422
        case RSR_COLOR_YUV420: .yuv420
        case RSR_COLOR_MIN_IS_WHITE: .minIsWhite
        case RSR_COLOR_MASK: .mask
        case RSR_COLOR_CIELAB: .cieLab
        case RSR_COLOR_LOGL: .logL
        case RSR_COLOR_LOGLUV: .logLuv
        default: .unknown
        }
    }

    /// The name with the alpha channel, in the spelling of the decoded layouts ("gray+alpha", "RGBA").
    public func name(alpha: Bool) -> String {
        guard alpha else { return rawValue }
        return switch self {
        case .gray: "gray+alpha"
        case .rgb: "RGBA"
        default: rawValue + "+alpha"
        }
    }
}
