import Foundation

/// Temporary files this module is writing (a parse cache's `.tmp-` file, an XLSX workbook spooled from a pipe), so
/// that a SIGINT/SIGTERM handler can delete them before the process exits: call
/// `TemporaryFileRegistry.shared.removeAll()` beside `ReportFolderRegistry.shared.removeAll()`.
///
/// A path is registered *before* the file is created and unregistered once it was renamed or deleted, so an
/// interrupt at any moment finds it. Thread-safe.
public final class TemporaryFileRegistry: @unchecked Sendable {
    public static let shared = TemporaryFileRegistry()
    private let lock = NSLock()
    private var paths = Set<String>()
    private var stopped = false

    public init() {}

    /// Registers `path`; false once `removeAll` ran (an interrupt is under way: do not create the file).
    @discardableResult
    public func add(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if stopped { return false }
        paths.insert(path)
        return true
    }

    /// Forgets `path` (it was renamed into place or deleted by its writer).
    public func remove(_ path: String) {
        lock.lock()
        paths.remove(path)
        lock.unlock()
    }

    /// The paths registered now.
    public var registered: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return paths
    }

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
            if failure != EEXIST { errno = failure; return nil }
        }
        return nil
    }

    /// Deletes every registered file and refuses later registrations (for the interrupt handler).
    public func removeAll() {
        lock.lock()
        stopped = true
        let current = paths
        paths.removeAll()
        lock.unlock()
        for p in current { unlink(p) }
    }
}
