/// A problem with a `--rules` file; reported before any work is done (exit status 1).
public struct RulesFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// Where in the file: e.g. `segments[2].r`.
    public let path: String
    public let message: String

    public var description: String { "\(file): \(path.isEmpty ? "" : path + ": ")\(message)" }
}
