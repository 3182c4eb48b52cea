import CZlibSystem
import Foundation
import RFMCore

/// A stream of bytes from an input file, plain or gzip-compressed, read in chunks.
protocol ByteSource: AnyObject {
    /// Appends up to about `chunkSize` bytes to `buffer`; returns 0 at the end of the data.
    func read(into buffer: GrowableBuffer, chunkSize: Int) throws(InputError) -> Int
    /// Bytes of the file consumed so far (compressed bytes for gzip), for progress.
    var consumed: Int { get }
}

/// A raw byte buffer with a read position, grown by doubling; avoids Array bounds checks in the scanner. One
/// thread at a time reads or fills a buffer.
final class GrowableBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Valid bytes are `start..<end`.
    var start = 0
    var end = 0

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

/// Reads an opened input in chunks: a regular file from its start, a stream from where `InputFile` stopped
/// (its first bytes, read for the format, come first). For a stream it also computes the CRC-32 of the bytes on the
/// way, recorded with `FileChecksum` at the end, since the stream cannot be read a second time.
final class FileByteSource: ByteSource {
    let input: InputFile
    let name: String
    private(set) var consumed = 0
    private var pending: [UInt8]
    private var checksum: uLong?

    init(input: InputFile) {
        self.input = input
        name = input.name
        pending = input.isRegular ? [] : input.head
        checksum = input.isRegular ? nil : CZlibSystem.crc32(0, nil, 0)
    }

    convenience init(path: String, name: String) throws(InputError) {
        self.init(input: try InputFile(path: path, name: name))
    }

    func read(into buffer: GrowableBuffer, chunkSize: Int) throws(InputError) -> Int {
        buffer.reserve(chunkSize)
        var n: Int
        if !pending.isEmpty {
            n = min(pending.count, chunkSize)
            pending.withUnsafeBytes { (buffer.base + buffer.end).copyMemory(from: $0.baseAddress!, byteCount: n) }
            pending.removeFirst(n)
        } else {
            repeat { n = Foundation.read(input.fd, buffer.base + buffer.end, chunkSize) } while n < 0 && errno == EINTR
            if n < 0 { throw .unreadable(file: name, reason: String(cString: strerror(errno))) }
        }
        if let crc = checksum {
            checksum = CZlibSystem.crc32(crc, (buffer.base + buffer.end).assumingMemoryBound(to: Bytef.self), uInt(n))
            if n == 0 { FileChecksum.record(UInt32(crc), forStream: input.path) }
        }
        buffer.end += n
        consumed += n
        return n
    }
}
