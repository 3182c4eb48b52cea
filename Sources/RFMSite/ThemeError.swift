/// A theme that cannot be used: unknown name, a missing or unparsable file, a template that does not compile.
/// Reported before any work is done (exit status 2 for an unknown name, 1 for a broken theme).
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let theme: String
    public let file: String?
    public let message: String

    public init(theme: String, file: String?, message: String) {
        self.theme = theme
        self.file = file
        self.message = message
    }

    public var description: String {
        "theme \"\(theme)\"\(file.map { ", \($0)" } ?? ""): \(message)"
    }
}
