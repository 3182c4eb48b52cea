import Foundation
import RFMConcurrency

/// Temporary files this module is writing (a parse cache's `.tmp-` file, an XLSX workbook spooled from a pipe), so
/// that a SIGINT/SIGTERM handler can delete them before the process exits: call
/// `TemporaryFileRegistry.shared.removeAll()` beside `ReportFolderRegistry.shared.removeAll()`.
///
/// A path is registered *before* the file is created and unregistered once it was renamed or deleted, so an
/// interrupt at any moment finds it. Thread-safe.
public final class TemporaryFileRegistry: Sendable {
    public static let shared = TemporaryFileRegistry()

    private struct State {
        var paths = Set<String>()
        /// Set by `removeAll`: no more registrations.
        var stopped = false
    }

    private let state = Locked(State())

    public init() {}

    /// Registers `path`; false once `removeAll` ran (an interrupt is under way: do not create the file).
    @discardableResult
    public func add(_ path: String) -> Bool {
        state.withLock { state in
            if state.stopped { return false }
            state.paths.insert(path)
            return true
        }
    }

    /// Forgets `path` (it was renamed into place or deleted by its writer).
    public func remove(_ path: String) {
        state.withLock { _ = $0.paths.remove(path) }
    }

    /// The paths registered now.
    public var registered: Set<String> { state.current.paths }

    /// Creates a new file named `prefix` + random letters + `suffix` (`O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0644 less
    /// the umask), registered before it exists; returns its descriptor and path. The caller renames or deletes it,
    /// then calls `remove`.
    public func create(prefix: String, suffix: String = "") -> (fd: Int32, path: String)? {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        for _ in 0..<100 {
            let path = prefix + String((0..<10).map { _ in letters.randomElement()! }) + suffix
            guard add(path) else { return nil }
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, path) }
            let failure = errno
            remove(path)
            if failure != EEXIST {
                errno = failure
                return nil
            }
        }
        return nil
    }

    /// Deletes every registered file and refuses later registrations (for the interrupt handler).
    public func removeAll() {
        let current = state.withLock { state in
            state.stopped = true
            let current = state.paths
            state.paths.removeAll()
            return current
        }
        for p in current { unlink(p) }
    }
}
