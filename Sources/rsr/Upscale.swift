import ArgumentParser
import ResidualSR

struct Upscale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Upscale images.")
    @Argument(help: "Input files or folders.") var inputs: [String]
    func run() async throws { throw ValidationError("not implemented yet") }
}
