import Foundation
import RFMConcurrency

/// Step progress on stderr, `[i/n] name: detail`, shown only when stderr is a terminal and the run is not quiet
/// (SPEC §8). Steps may start on other threads' behalf; the line is drawn under a lock.
public final class Progress: Sendable {
    private let enabled: Bool
    private let line = Locked(Line())

    private struct Line {
        var text = ""
        var lastDraw = 0.0
    }

    public init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Shows that step `index` of `count` started.
    public func show(step index: Int, of count: Int, name: String, detail: String) {
        let text = "[\(index)/\(count)] \(name)" + (detail.isEmpty || detail == name ? "" : ": \(detail)")
        line.withLock { $0.text = text }
        draw(suffix: "", force: true)
    }

    /// Updates the current step's completion (0...1).
    public func update(fraction: Double) {
        draw(suffix: String(format: " %3d%%", Int((min(max(fraction, 0), 1) * 100).rounded())), force: false)
    }

    /// Ends the progress line.
    public func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func draw(suffix: String, force: Bool) {
        guard enabled else { return }
        let now = Date().timeIntervalSinceReferenceDate
        let text = line.withLock { l -> String? in
            if !force && now - l.lastDraw < 0.1 { return nil }
            l.lastDraw = now
            return l.text
        }
        guard let text else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)\(suffix)".utf8))
    }
}
