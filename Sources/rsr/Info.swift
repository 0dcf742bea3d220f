import ArgumentParser
import ResidualSR

struct Info: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print format, size and colour details of images.")
    @Argument(help: "Image files.") var files: [String]
    func run() async throws { throw ValidationError("not implemented yet") }
}
