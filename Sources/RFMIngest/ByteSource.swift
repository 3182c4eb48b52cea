import Foundation
import RFMCore

/// A stream of bytes from an input file, plain or gzip-compressed, read in chunks.
protocol ByteSource: AnyObject {
    /// Appends up to about `chunkSize` bytes to `buffer`; returns 0 at the end of the data.
    func read(into buffer: GrowableBuffer, chunkSize: Int) throws(InputError) -> Int
    /// Bytes of the file consumed so far (compressed bytes for gzip), for progress.
    var consumed: Int { get }
}

/// A raw byte buffer with a read position, grown by doubling; avoids Array bounds checks in the scanner. Its
/// properties skip the run-time exclusivity checks: one thread at a time reads or fills a buffer.
final class GrowableBuffer {
    @exclusivity(unchecked) private(set) var base: UnsafeMutableRawPointer
    @exclusivity(unchecked) private(set) var capacity: Int
    /// Valid bytes are `start..<end`.
    @exclusivity(unchecked) var start = 0
    @exclusivity(unchecked) var end = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    var available: Int { end - start }

    /// Moves the unread bytes to the front and makes room for `extra` more bytes.
    func reserve(_ extra: Int) {
        if start > 0 {
            if available > 0 { memmove(base, base + start, available) }
            end -= start
            start = 0
        }
        if end + extra > capacity {
            var newCapacity = capacity
            while end + extra > newCapacity { newCapacity *= 2 }
            let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            newBase.copyMemory(from: base, byteCount: end)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
    }
}

/// Reads a plain file in chunks.
final class FileByteSource: ByteSource {
    let handle: FileHandle
    let name: String
    private(set) var consumed = 0

    deinit { try? handle.close() }

    init(path: String, name: String) throws(InputError) {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(file: name, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        handle = h
        self.name = name
    }

    func read(into buffer: GrowableBuffer, chunkSize: Int) throws(InputError) -> Int {
        buffer.reserve(chunkSize)
        let fd = handle.fileDescriptor
        let n = Foundation.read(fd, buffer.base + buffer.end, chunkSize)
        if n < 0 { throw .unreadable(file: name, reason: String(cString: strerror(errno))) }
        buffer.end += n
        consumed += n
        return n
    }
}
