import Foundation

/// A value behind a lock: the one place in rfm where shared mutable state is made `Sendable` by hand.
/// (Synchronization's `Mutex` would do the same but needs macOS 15; this builds on every platform the package names.)
///
///     let seen = Locked<Set<String>>([])
///     seen.withLock { $0.insert(path) }
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock; what `body` returns or throws is passed on.
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure)
        -> Result
    {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// A copy of the value, read under the lock.
    public var current: Value { withLock { $0 } }
}
