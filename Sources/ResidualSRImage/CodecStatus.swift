import CImageCodecs
import ResidualSRCore

/// The single place where a C codec status becomes a Swift error.
///
/// `message` is the C side's fixed-size buffer (libpng/libjpeg text or the shim's own), `context`
/// says what was being done ("invalid PNG", "cannot write JPEG").
package func checkCodecStatus(_ status: rsr_status, message: String, context: String, path: String?) throws {
    guard status != RSR_STATUS_OK else { return }
    let kind: RSRError.Kind = switch status {
    case RSR_STATUS_CORRUPT: .corrupt
    case RSR_STATUS_UNSUPPORTED: .unsupported
    case RSR_STATUS_TOO_LARGE: .tooLarge
    case RSR_STATUS_IO: .io
    case RSR_STATUS_INVALID_ARGUMENT: .invalidArgument
    default: .io // out of memory and anything unknown: the operation could not be carried out
    }
    let detail = message.isEmpty ? "unknown error" : message
    let reason = kind == .tooLarge ? detail : "\(context): \(detail)"
    throw RSRError(kind, reason, path: path)
}

/// Reads a C message buffer held in a Swift array.
package func codecMessage(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Reads a C `char[N]` struct field (imported as a tuple).
package func codecMessage<Tuple>(_ buffer: Tuple) -> String {
    withUnsafeBytes(of: buffer) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
