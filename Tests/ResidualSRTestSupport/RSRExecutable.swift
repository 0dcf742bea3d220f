import Foundation

public enum RSRExecutable {
    /// The `rsr` built next to this test bundle (`swift build --build-tests` builds both), if any.
    public static let path: String? = {
        let folder = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
        let candidates = [folder, (folder as NSString).deletingLastPathComponent].map { ($0 as NSString).appendingPathComponent("rsr") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}
