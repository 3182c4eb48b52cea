import CZlibSystem

/// One piece of a ZIP entry compressed on its own: raw deflate data that ends on a byte boundary
/// (a sync flush) so that pieces compressed independently, on any thread, concatenate into one valid
/// deflate stream; the last piece ends the stream instead. The same technique as pigz, without
/// priming each piece with the previous one's last 32 KiB (so pieces need not wait for each other;
/// at a few MB per piece the file is well under 1% larger).
struct DeflatedChunk: Sendable {
    /// The compressed bytes.
    let data: [UInt8]
    /// CRC-32 and length of the uncompressed bytes (combined over pieces with `crc32_combine`).
    let crc32: UInt32
    let uncompressedCount: Int

    /// Compresses `bytes` at zlib `level`; `final` ends the deflate stream.
    init(_ bytes: [UInt8], level: Int32, final: Bool) throws(WorkbookError) {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else {
            throw WorkbookError(operation: "deflateInit2", message: "zlib could not start a compressor")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 16)
        let flush = final ? Z_FINISH : Z_SYNC_FLUSH
        let (status, produced) = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let status = deflate(&stream, flush)
                return (status, out.count - Int(stream.avail_out))
            }
        }
        // deflateBound leaves room for the whole input in one call, so Z_FINISH ends the stream and a
        // sync flush consumes everything.
        guard final ? status == Z_STREAM_END : (status == Z_OK && stream.avail_in == 0) else {
            throw WorkbookError(operation: "deflate", message: "zlib returned \(status)")
        }
        data = Array(output[..<produced])  // a right-sized copy: the bound is several times the output
        crc32 = bytes.withUnsafeBufferPointer { UInt32(CZlibSystem.crc32(0, $0.baseAddress, UInt32($0.count))) }
        uncompressedCount = bytes.count
    }

    /// CRC-32 and length of several pieces' uncompressed bytes taken in order.
    static func combined(_ chunks: [DeflatedChunk]) -> (crc32: UInt32, count: Int) {
        chunks.reduce(into: (crc32: UInt32(0), count: 0)) { acc, chunk in
            acc.crc32 = UInt32(crc32_combine(uLong(acc.crc32), uLong(chunk.crc32), off_t(chunk.uncompressedCount)))
            acc.count += chunk.uncompressedCount
        }
    }
}
