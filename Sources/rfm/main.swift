import ArgumentParser
import Foundation
import RFMCore
import RFMReport

/// Exit statuses (README): 0 ok, 1 bad input, 2 bad usage, 3 output not written, 4 internal error (a bug),
/// 130 interrupted.
enum ExitStatus: Int32 {
    case ok = 0
    case badInput = 1
    case badUsage = 2
    case outputFailed = 3
    case internalError = 4
    case interrupted = 130
}

/// Prints one line `rfm: error: MESSAGE` (every non-printable character escaped, so input can neither move the
/// cursor nor start a second line), plus at most one hint line, and exits. A failure caused by an interrupt
/// exits as the interrupt does (130), whichever thread gets there first.
func fail(_ message: String, _ status: ExitStatus, hint: String? = nil) -> Never {
    if ReportFolderRegistry.shared.interrupted { InterruptHandling.stop(signal: nil) }
    var text = "rfm: error: \(TerminalText.escape(message))"
    if let hint { text += "\n" + TerminalText.escape(hint) }
    ProcessExit.exit(status.rawValue, message: text)
}

/// An argument parser error as one line in rfm's style, and a hint naming the help to read.
func usageFailure(_ error: Error) -> Never {
    var message = RFMCommand.message(for: error)
    if let firstLine = message.split(separator: "\n", omittingEmptySubsequences: true).first {
        message = String(firstLine)
    }
    for prefix in ["Error: ", "error: "] where message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
    if let first = message.first, first.isUppercase, message.dropFirst().first?.isLowercase == true {
        message = first.lowercased() + message.dropFirst()
    }
    let arguments = CommandLine.arguments.dropFirst()
    let named = arguments.first { SubcommandCheck.subcommands.contains($0) }
    fail(message, .badUsage, hint: "rfm: see 'rfm \(named.map { "\($0) " } ?? "")--help'")
}

/// A successful exit the parser asked for: `--version`, or `--help`, which gets the subcommand's EXAMPLES after the
/// parser's text (the parser has no epilogue).
func cleanExit(_ error: Error) -> Never {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard arguments.contains(where: { ["--help", "-h", "help"].contains($0) }) else {
        RFMCommand.exit(withError: error)
    }
    let named = arguments.first { SubcommandCheck.subcommands.contains($0) }
    _ = StandardStreams.write(
        RFMCommand.fullMessage(for: error).trimmingTrailingNewlines() + "\n\n" + HelpExamples.text(for: named))
    ProcessExit.exit(ExitStatus.ok.rawValue, message: nil)
}

InterruptHandling.install()
if let message = SubcommandCheck.misspelling(Array(CommandLine.arguments.dropFirst())) {
    fail(message, .badUsage, hint: "rfm: see 'rfm --help'")
}
var command: ParsableCommand
do {
    command = try RFMCommand.parseAsRoot()
} catch {
    if RFMCommand.exitCode(for: error) == .success { cleanExit(error) }
    usageFailure(error)
}
do {
    try command.run()
} catch {
    switch ErrorMapping.outcome(of: error, command: type(of: command).configuration.commandName ?? "rfm") {
    case .failure(let message, let status): fail(message, status)
    case .interrupted: InterruptHandling.stop(signal: nil)
    case .usage:
        if RFMCommand.exitCode(for: error) == .success { cleanExit(error) }
        usageFailure(error)
    }
}

extension String {
    /// The text without the line breaks at its end.
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
