import Foundation

/// A bounded, thread-safe FIFO of chunks between a producer thread (inflating a sheet or a gzip stream) and
/// the consumer that scans them.
public final class ChunkQueue<Chunk: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Chunk] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private let capacity: Int

    /// Creates a queue holding at most `capacity` chunks.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// A queue filled by `produce` on a thread of its own, finished with its error (if any) when it returns.
    /// `produce` should stop when `push` returns false (the consumer cancelled).
    public static func producing(capacity: Int, _ produce: @escaping @Sendable (ChunkQueue<Chunk>) throws -> Void)
        -> ChunkQueue<Chunk>
    {
        let queue = ChunkQueue<Chunk>(capacity: capacity)
        let thread = Thread {
            do {
                try produce(queue)
                queue.finish(nil)
            } catch {
                queue.finish(error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
        return queue
    }

    /// Adds a chunk, waiting while the queue is full; returns false when the consumer cancelled.
    public func push(_ chunk: Chunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(chunk)
        condition.broadcast()
        return true
    }

    /// Marks the end of the stream, with the producer's error if it failed.
    public func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Takes the next chunk, waiting for one; nil at the end; rethrows the producer's error.
    public func pop() throws -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if !items.isEmpty {
            let d = items.removeFirst()
            condition.broadcast()
            return d
        }
        if let failure { throw failure }
        return nil
    }

    /// Tells the producer to stop, and drops the chunks it had queued (nobody will take them, and they should not
    /// outlive the consumer while the producer's thread winds down).
    public func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has finished.
    public func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
