import ArgumentParser
import ResidualSRImage

/// `--format png|jpg|jpeg|...`: any name or file extension of a format the library writes.
extension Image.Format: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }

    public static var allValueStrings: [String] { allCases.map(\.fileExtension) }
}
