import Foundation

/// The one way a subcommand reports an error it goes on past (a file among many); an error that
/// ends the command is thrown instead and reported by the argument parser, so both read the same.
enum ErrorReport {
    static func print(_ message: String) {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    }
}
