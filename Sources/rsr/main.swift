import ArgumentParser
import ResidualSRCore
import ResidualSRImage
import ResidualSRInference
import ResidualSRTraining
import ResidualSRBatch

struct RSR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rsr",
        abstract: "ResidualSR: image super-resolution with a residual network.",
        version: BuildInfo.version,
        subcommands: [Upscale.self, Residual.self, Info.self, Bench.self, Train.self, Serve.self]
    )
}

// Called from an async function: in top-level code `await RSR.main()` resolves to the synchronous
// overload, which refuses to run async subcommands ("Asynchronous root command needs availability
// annotation").
func runRSR() async { await RSR.main(Bench.rewritingLegacyArguments(Array(CommandLine.arguments.dropFirst()))) }
await runRSR()
