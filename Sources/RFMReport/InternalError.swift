/// A failure rfm did not expect: not bad input, not bad usage, not an unwritable folder, but a bug or a broken
/// library, raised inside the step named `step`. The command line prints "internal error" with the step's name and
/// exits 4, so a user can tell "my file is wrong" (1) from "rfm is wrong" (4) and report the step.
public struct InternalError: Error, Sendable, CustomStringConvertible {
    /// The run step that raised it (`read`, `clean`, ..., `workbook`), or the command's name outside a report run.
    public let step: String
    /// What went wrong, as the underlying error described itself.
    public let reason: String

    public init(step: String, reason: String) {
        self.step = step
        self.reason = reason
    }

    public var description: String { "internal error in step \"\(step)\": \(reason) (please report this)" }
}
