import CZlibSystem
import Foundation

/// Signals that the consumer of a stream asked to stop early.
private struct StopSignal: Error {}

/// Streams the uncompressed bytes of one ZIP entry in chunks, enforcing the size limit and checking the
/// entry's declared size and CRC-32 as it goes.
///
/// The CRC-32 (zlib's `crc32`, a few percent of the inflate time) is computed over every chunk, for stored and
/// deflated entries alike, and compared with the central directory's once the entry has been read to its end: a
/// mismatch is `ZipError.checksumMismatch`, thrown after the last chunk was handed over. A part that inflates to
/// more bytes than it declares is stopped as soon as it does (`ZipError.sizeMismatch`), so the declared sizes,
/// which the XLSX reader budgets, bound the work.
///
/// Inflation drives zlib directly over the entry's own compressed bytes (exactly, never past them):
/// a deflate stream that does not end inside them is reported as truncated. (ZIPFoundation's
/// `Archive.extract`/`Data.decompress` on Linux feed zlib past the entry and, at the end of the file,
/// loop forever or read past a short final chunk; see STATUS.md.)
package struct PartInflater: Sendable {
    package let file: MappedFile
    package let path: String
    package let part: String
    package let entry: ZipEntryInfo
    package let limit: UInt64
    /// False only in the fuzz build (mutated stored entries would all fail at the CRC, never reaching the XML).
    package var verifiesChecksum = true
    /// Default size of the compressed input and decompressed output chunks.
    package static let defaultChunkSize = 256 * 1024
    /// Size of the chunks (tests make it small to cut rows at every place).
    package var chunkSize = PartInflater.defaultChunkSize

    /// An inflater of `entry` of the archive mapped in `file`, refused above `limit` uncompressed bytes; `path`
    /// and `part` name the file and the entry in errors.
    package init(file: MappedFile, path: String, part: String, entry: ZipEntryInfo, limit: UInt64) {
        self.file = file
        self.path = path
        self.part = part
        self.entry = entry
        self.limit = limit
    }

    /// Validates the entry (encryption, declared size, bounds) and returns its data offset.
    package func dataStart() throws(ZipError) -> Int {
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
    package func stream(_ body: (Data) throws -> Bool) throws {
        let start = try dataStart()
        guard let base = file.base else { throw ZipError.truncated(path: path, part: part) }
        let csize = Int(entry.compressedSize)
        let limit = self.limit
        let declared = entry.uncompressedSize
        let path = self.path
        let part = self.part
        var produced: UInt64 = 0
        var crc: UInt = 0
        let checksum = verifiesChecksum
        let chunk = max(chunkSize, 1)
        func consumer(_ data: Data) throws {
            produced += UInt64(data.count)
            if produced > limit { throw ZipError.tooLarge(path: path, part: part, declared: produced, limit: limit) }
            if produced > declared {
                throw ZipError.sizeMismatch(path: path, part: part, declared: declared, actual: produced)
            }
            if data.isEmpty { return }
            if checksum {
                crc = data.withUnsafeBytes { raw in
                    crc32(crc, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(raw.count))
                }
            }
            if try !body(data) { throw StopSignal() }
        }
        do {
            if entry.method == 0 {
                var pos = 0
                while pos < csize {
                    let n = min(chunk, csize - pos)
                    try consumer(
                        Data(
                            bytesNoCopy: UnsafeMutableRawPointer(mutating: base + start + pos), count: n,
                            deallocator: .none))
                    pos += n
                }
            } else {
                try inflateRaw(base + start, csize, chunk: chunk, consumer: consumer)
            }
        } catch is StopSignal {
            return
        }
        if produced != declared {
            throw ZipError.sizeMismatch(path: path, part: part, declared: declared, actual: produced)
        }
        if checksum && UInt32(truncatingIfNeeded: crc) != entry.crc32 {
            throw ZipError.checksumMismatch(
                path: path, part: part, expected: entry.crc32,
                found: UInt32(truncatingIfNeeded: crc))
        }
    }

    /// Raw-deflate inflation of `csize` bytes at `input`, handing each output chunk to `consumer`.
    /// The chunk's bytes are only valid during the call (the output buffer is reused).
    private func inflateRaw(
        _ input: UnsafeRawPointer, _ csize: Int, chunk: Int,
        consumer: (Data) throws -> Void
    ) throws {
        // zlib keeps a pointer back to its stream, so the stream lives at one address until it is ended.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ZipError.corruptData(path: path, part: part)
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
                throw ZipError.corruptData(path: path, part: part)
            }
            let produced = chunk - Int(stream.pointee.avail_out)
            if produced > 0 {
                try consumer(Data(bytesNoCopy: out, count: produced, deallocator: .none))
            }
            if rc == Z_STREAM_END { return }
            if stream.pointee.avail_in == 0 && inPos >= csize && stream.pointee.avail_out != 0 {
                throw ZipError.truncated(path: path, part: part)
            }
        }
    }

    /// Inflates the whole part into one byte array (for small parts and shared strings).
    package func readAll() throws -> [UInt8] {
        var out: [UInt8] = []
        // The declared size is checked against the limit and bounds what inflates, so it is the right capacity
        // (pages that a lying size leaves untouched cost no memory).
        out.reserveCapacity(Int(min(entry.uncompressedSize, limit)))
        try stream { d in
            out.append(contentsOf: d)
            return true
        }
        return out
    }
}
