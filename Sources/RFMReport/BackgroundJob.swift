import Foundation

/// Work on a thread of its own, joined with `wait()`: the workbook is written beside the pages and files (libxlsxwriter
/// is single-threaded, and at a million customers it is the longest step), on its own thread so that the charts keep
/// both cores' worth of dispatch workers.
final class BackgroundJob<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var value: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let result = work()
            lock.lock()
            value = result
            lock.unlock()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Blocks until the work is done and returns its value (again on later calls).
    func wait() -> Value {
        lock.lock()
        if let value {
            lock.unlock()
            return value
        }
        lock.unlock()
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return value!
    }
}
