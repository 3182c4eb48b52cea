/// One named step of a run (read, clean, rfm, ..., workbook): the name that shows in the progress line, keys its
/// seconds in `timings.json` and tags any error it raises, and its work on the run's state.
///
/// A step either *changes* the state (`transform`: reading fills in the transactions, clustering the clusters) and
/// then runs on the runner's thread, alone and in list order, or only *writes* from it (`output`: the pages, the
/// tables, the workbook) and then runs on a thread of its own as soon as the steps it names are done, with a copy of
/// the state as it was then. `State` is a value, so a later transform never changes what a running output step sees.
/// Adding a step is adding one value to a list (see `ReportSteps`).
public struct RunStep<State: Sendable>: Sendable {
    /// How a step meets the state.
    public enum Work: Sendable {
        case transform(@Sendable (inout State) throws -> Void)
        /// `after`: the steps whose results it reads; it may run beside anything else.
        case output(after: [String], @Sendable (State) throws -> Void)
    }

    public let name: String
    /// What the progress line says while the step runs (default: its name).
    public let label: @Sendable (State) -> String
    public let work: Work

    public init(_ name: String, label: (@Sendable (State) -> String)? = nil, work: Work) {
        self.name = name
        self.label = label ?? { _ in name }
        self.work = work
    }

    /// A step that changes the state, run alone after every earlier transform.
    public static func transform(
        _ name: String, label: (@Sendable (State) -> String)? = nil,
        _ body: @escaping @Sendable (inout State) throws -> Void
    ) -> Self {
        Self(name, label: label, work: .transform(body))
    }

    /// A step that only writes from the state, on its own thread once the steps named in `after` are done.
    public static func output(
        _ name: String, after: [String], label: (@Sendable (State) -> String)? = nil,
        _ body: @escaping @Sendable (State) throws -> Void
    ) -> Self {
        Self(name, label: label, work: .output(after: after, body))
    }

    /// The steps this one waits for; a transform waits for every step before it that changes the state.
    var waitsFor: [String]? {
        if case .output(let after, _) = work { return after }
        return nil
    }
}

/// An error raised inside a run step, with the step's name. The command line reports what `underlying` says (a bad
/// file, an unwritable folder) and names the step only for an internal error.
public struct StepError: Error, CustomStringConvertible {
    public let step: String
    public let underlying: any Error

    public init(step: String, underlying: any Error) {
        self.step = step
        self.underlying = underlying
    }

    public var description: String { "\(step): \(underlying)" }
}
