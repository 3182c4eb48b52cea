/// A problem with a `--rules` file; reported before any work is done (exit status 1).
///
/// `description` escapes every non-printable character (`TerminalText.escape`), so a file name, field or value
/// quoted from the file cannot send control sequences to the terminal.
public struct RulesFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// Where in the file: e.g. `segments[2].r`.
    public let path: String
    public let message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { TerminalText.escape("\(file): \(path.isEmpty ? "" : path + ": ")\(message)") }
}
