import Hummingbird

/// Header names that HTTPTypes does not predefine. Spelled through `HTTPFields.Element` because
/// Hummingbird re-exports `HTTPFields` but not `HTTPField`, and HTTPTypes is not a direct dependency.
enum HeaderNames {
    typealias Name = HTTPFields.Element.Name
    // Both literals are valid header tokens, so the initialiser cannot return nil.
    static let requestID = Name("X-Request-Id")!
    static let cache = Name("X-Cache")!
}
