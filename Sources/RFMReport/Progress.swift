import Foundation

/// Step progress on stderr, shown only when stderr is a terminal and the run is not quiet (SPEC §8).
public final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let steps: Int
    private var current = 0
    private var lastDraw = 0.0
    private var label = ""

    public init(steps: Int, quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
        self.steps = steps
    }

    /// Starts the next step.
    public func step(_ label: String) {
        current += 1
        self.label = label
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
        if !force && now - lastDraw < 0.1 { return }
        lastDraw = now
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(current)/\(steps)] \(label)\(suffix)".utf8))
    }
}
