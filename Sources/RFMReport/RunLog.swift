import Foundation
import Logging
import RFMConcurrency
import RFMCore

/// Collects the run's log lines (timestamped, ISO 8601) for `run.log`, through swift-log.
public final class RunLog: Sendable {
    private let lines = Locked<[String]>([])

    public init() {}

    /// A logger whose messages go into this log.
    public func logger(label: String = "rfm") -> Logger {
        Logger(label: label) { _ in RunLogHandler(sink: self) }
    }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    /// The log as text.
    public var text: String {
        lines.current.joined(separator: "\n") + "\n"
    }
}

struct RunLogHandler: LogHandler {
    let sink: RunLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
        // One line per message, whatever the input put in it (escape sequences, line breaks).
        sink.append("\(stamp) \(event.level.rawValue.uppercased()) \(TerminalText.escape(event.message.description))")
    }
}
