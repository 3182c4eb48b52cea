import Dispatch
import Foundation

/// Runs independent work items on a fixed number of threads, handing out the next item to the
/// next free thread. Item i always runs the same computation and its result lands in slot i, so
/// results do not depend on the thread count or on scheduling.
public enum ParallelWork {
    /// Evaluates `body(i)` for i in 0..<count on up to `threads` threads and returns the results in order.
    public static func map<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = ResultSlots<T>(count: count)
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for i in 0..<count { slots.set(i, body(i)) }
        } else {
            let next = Locked(0)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = next.withLock({ n -> Int? in
                    guard n < count else { return nil }
                    n += 1
                    return n - 1
                }) { slots.set(i, body(i)) }
            }
        }
        return slots.values()
    }
}

/// Write-once storage for results of parallel work items; each slot is written by exactly one item.
private final class ResultSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ i: Int, _ value: T) { storage[i] = value }

    func values() -> [T] { (0..<count).map { storage[$0]! } }
}
