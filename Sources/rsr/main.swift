import ArgumentParser
import ResidualSR

struct RSR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rsr",
        abstract: "ResidualSR: image super-resolution with a residual network.",
        version: BuildInfo.version,
        subcommands: [Upscale.self, Info.self]
    )
}

await RSR.main()
