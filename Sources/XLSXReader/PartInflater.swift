import Foundation
import CZlibSystem

/// Signals that the consumer of a stream asked to stop early.
struct StopSignal: Error {}


/// Streams the uncompressed bytes of one ZIP entry in chunks, enforcing the size limit.
///
/// Inflation drives zlib directly over the entry's own compressed bytes (exactly, never past them):
/// a deflate stream that does not end inside them is reported as truncated. (ZIPFoundation's
/// `Archive.extract`/`Data.decompress` on Linux feed zlib past the entry and, at the end of the file,
/// loop forever or read past a short final chunk; see STATUS.md.)
struct PartInflater: Sendable {
    let file: MappedFile
    let path: String
    let part: String
    let entry: ZipEntryInfo
    let limit: UInt64
    /// Size of the compressed input and decompressed output chunks.
    static let chunkSize = 256 * 1024

    /// Validates the entry (encryption, declared size, bounds) and returns its data offset.
    func dataStart() throws(XLSXError) -> Int {
        if entry.flags & 1 != 0 { throw .unsupported(path: path, part: part, feature: "encryption") }
        guard entry.method == 0 || entry.method == 8 else {
            throw .unsupported(path: path, part: part, feature: "ZIP compression method \(entry.method)")
        }
        if entry.uncompressedSize > limit {
            throw .tooLarge(path: path, part: part, declared: entry.uncompressedSize, limit: limit)
        }
        let lh = entry.localHeaderOffset
        guard lh <= UInt64(file.count), UInt64(file.count) - lh >= 30, file.le(Int(lh), 4) == 0x0403_4b50 else {
            throw .truncated(path: path, part: part)
        }
        let start = Int(lh) + 30 + Int(file.le(Int(lh) + 26, 2)) + Int(file.le(Int(lh) + 28, 2))
        guard start <= file.count, entry.compressedSize <= UInt64(file.count - start) else {
            throw .truncated(path: path, part: part)
        }
        return start
    }

    /// Calls `body` with each uncompressed chunk, in order; `body` returns false to stop early.
    /// A chunk's bytes are only valid during the call.
    func stream(_ body: (Data) throws -> Bool) throws {
        let start = try dataStart()
        guard let base = file.base else { throw XLSXError.truncated(path: path, part: part) }
        let csize = Int(entry.compressedSize)
        let limit = self.limit
        let path = self.path, part = self.part
        var produced: UInt64 = 0
        let chunk = Self.chunkSize
        func consumer(_ data: Data) throws {
            produced += UInt64(data.count)
            if produced > limit { throw XLSXError.tooLarge(path: path, part: part, declared: produced, limit: limit) }
            if data.isEmpty { return }
            if try !body(data) { throw StopSignal() }
        }
        do {
            if entry.method == 0 {
                var pos = 0
                while pos < csize {
                    let n = min(chunk, csize - pos)
                    try consumer(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base + start + pos), count: n,
                                      deallocator: .none))
                    pos += n
                }
                return
            }
            try inflateRaw(base + start, csize, chunk: chunk, consumer: consumer)
        } catch is StopSignal {
            return
        }
    }

    /// Raw-deflate inflation of `csize` bytes at `input`, handing each output chunk to `consumer`.
    /// The chunk's bytes are only valid during the call (the output buffer is reused).
    private func inflateRaw(_ input: UnsafeRawPointer, _ csize: Int, chunk: Int,
                            consumer: (Data) throws -> Void) throws {
        // zlib keeps a pointer back to its stream, so the stream lives at one address until it is ended.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw XLSXError.corruptData(path: path, part: part)
        }
        defer { inflateEnd(stream) }
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { out.deallocate() }
        let source = UnsafeMutablePointer(mutating: input.assumingMemoryBound(to: UInt8.self))
        var inPos = 0
        stream.pointee.avail_in = 0
        while true {
            if stream.pointee.avail_in == 0 && inPos < csize {
                let n = min(chunk, csize - inPos)
                stream.pointee.next_in = source + inPos
                stream.pointee.avail_in = UInt32(n)
                inPos += n
            }
            stream.pointee.next_out = out
            stream.pointee.avail_out = UInt32(chunk)
            let rc = inflate(stream, Z_NO_FLUSH)
            if rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR {
                throw XLSXError.corruptData(path: path, part: part)
            }
            let produced = chunk - Int(stream.pointee.avail_out)
            if produced > 0 {
                try consumer(Data(bytesNoCopy: out, count: produced, deallocator: .none))
            }
            if rc == Z_STREAM_END { return }
            if stream.pointee.avail_in == 0 && inPos >= csize && stream.pointee.avail_out != 0 {
                throw XLSXError.truncated(path: path, part: part)
            }
        }
    }

    /// Inflates the whole part into one byte array (for small parts and shared strings).
    func readAll() throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Int(min(entry.uncompressedSize, 64 << 20)))
        try stream { d in
            out.append(contentsOf: d)
            return true
        }
        return out
    }
}
