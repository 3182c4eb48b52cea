import Foundation
import RFMConcurrency
import RFMCore
import XLSXReader

/// Reads another byte source on its own thread, a few chunks ahead of the consumer: for a gzip file the
/// inflating (about a third of the reading time on Online Retail) runs on the second core while the
/// scanner parses the previous chunk. Errors arrive in order, after the bytes read before them.
final class PrefetchingByteSource: ByteSource {
    private struct Chunk: Sendable {
        let bytes: Data
        let consumed: Int
    }

    private let queue: ChunkQueue<Chunk>
    private let name: String
    private(set) var consumed = 0
    private var finished = false

    /// Starts reading `source` in chunks of `chunkSize` bytes, holding at most `depth` chunks ahead.
    init(_ source: ByteSource, name: String, chunkSize: Int, depth: Int = 3) {
        self.name = name
        // The wrapped source, touched only by the producer thread once it has started (under the lock, which is
        // never held while a chunk waits for room in the queue).
        let producer = Locked(source)
        queue = ChunkQueue<Chunk>.producing(capacity: depth) { queue in
            let buffer = GrowableBuffer(capacity: chunkSize)
            while true {
                buffer.start = 0
                buffer.end = 0
                let consumed = try producer.withLock { source throws(InputError) -> Int? in
                    try source.read(into: buffer, chunkSize: chunkSize) == 0 ? nil : source.consumed
                }
                guard let consumed else { return }
                if !queue.push(Chunk(bytes: Data(bytes: buffer.base, count: buffer.end), consumed: consumed)) { return }
            }
        }
    }

    deinit {
        queue.cancel()
        queue.waitUntilFinished()
    }

    func read(into buffer: GrowableBuffer, chunkSize: Int) throws(InputError) -> Int {
        if finished { return 0 }
        guard let next = try queue.popInput(file: name) else {
            finished = true
            return 0
        }
        let count = next.bytes.count
        buffer.reserve(count)
        next.bytes.withUnsafeBytes { raw in
            buffer.base.advanced(by: buffer.end).copyMemory(from: raw.baseAddress!, byteCount: count)
        }
        buffer.end += count
        consumed = next.consumed
        return count
    }
}
