/// Every failure the library reports: what went wrong and, when known, which file.
///
/// `description` is what the CLI prints and the server returns, so it must read well on its own:
/// "photo.jpg: not a PNG or JPEG file (starts with 47 49 46 38)".
public struct RSRError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case io              // cannot read or write the file
        case unsupported     // valid data in a format or variant we do not handle
        case corrupt         // malformed or truncated data
        case tooLarge        // over a configured pixel or size limit
        case invalidArgument // bad option or parameter
        case model           // model file missing, malformed or mismatched
        case cancelled
    }

    public var kind: Kind
    public var path: String?
    public var reason: String

    public init(_ kind: Kind, _ reason: String, path: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.path = path
    }

    /// The same error attributed to `path` (keeps an existing, more specific path).
    public func at(_ path: String) -> RSRError {
        var copy = self
        if copy.path == nil { copy.path = path }
        return copy
    }

    public var description: String { path.map { "\($0): \(reason)" } ?? reason }
}
