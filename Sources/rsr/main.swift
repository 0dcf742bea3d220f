import ArgumentParser
import ResidualSR

struct RSR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rsr",
        abstract: "ResidualSR: image super-resolution with a residual network.",
        version: BuildInfo.version,
        subcommands: [Upscale.self, Info.self, Serve.self]
    )
}

// In top-level code `await RSR.main()` resolves to the synchronous ParsableCommand.main, which
// refuses async commands; inside an async function the async overload wins.
func runCommand() async { await RSR.main() }
await runCommand()
