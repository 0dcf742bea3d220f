import Foundation
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining

/// Where an input's output goes: `{stem}_x{scale}.{ext}` (or the `--name` template) in the output
/// folder, under the input's relative folder when the tree is mirrored.
public struct OutputNaming: Sendable {
    public static let defaultTemplate = "{stem}_x{scale}.{ext}"
    static let placeholders = ["{stem}", "{scale}", "{ext}"]

    public var folder: String
    public var template: String
    /// What `{scale}` becomes: `2`, `2.5`, or a size label such as `1920w` (`OutputSize.label`).
    public var scaleLabel: String
    /// Output extension ("png", "jpg"); nil keeps the input's.
    public var format: String?
    /// Recreate the input's sub-folders under `folder` (`--recursive`).
    public var mirrorTree: Bool

    public init(folder: String, template: String = OutputNaming.defaultTemplate, scale: Int, format: String? = nil,
                mirrorTree: Bool = false) {
        self.init(folder: folder, template: template, size: .scale(Double(scale)), format: format, mirrorTree: mirrorTree)
    }

    public init(folder: String, template: String = OutputNaming.defaultTemplate, size: OutputSize, format: String? = nil,
                mirrorTree: Bool = false) {
        self.folder = folder
        self.template = template
        self.scaleLabel = size.label
        self.format = format
        self.mirrorTree = mirrorTree
    }

    /// Checks the template: only known placeholders, and {stem} so that files don't collide.
    public static func validate(template: String) throws {
        var rest = template
        for placeholder in placeholders { rest = rest.replacingOccurrences(of: placeholder, with: "") }
        if rest.contains("{") || rest.contains("}") {
            throw RSRError(.invalidArgument, "unknown placeholder in name template '\(template)' (use {stem}, {scale}, {ext})")
        }
        guard template.contains("{stem}") else {
            throw RSRError(.invalidArgument, "name template '\(template)' must contain {stem}")
        }
        if template.contains("/") { throw RSRError(.invalidArgument, "name template '\(template)' must not contain '/'") }
    }

    public func outputPath(for file: InputFile) -> String {
        let name = (file.relativePath as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        let ext = format ?? (name as NSString).pathExtension
        let outputName = template
            .replacingOccurrences(of: "{stem}", with: stem)
            .replacingOccurrences(of: "{scale}", with: scaleLabel)
            .replacingOccurrences(of: "{ext}", with: ext)
        let subfolder = mirrorTree ? (file.relativePath as NSString).deletingLastPathComponent : ""
        return ((folder as NSString).appendingPathComponent(subfolder) as NSString).appendingPathComponent(outputName)
    }
}
