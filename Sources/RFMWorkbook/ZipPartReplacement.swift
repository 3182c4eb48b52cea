import Foundation
import ZipIndex

/// Copies a ZIP file entry by entry into a new file, with the data of some entries replaced by
/// independently deflated pieces (`DeflatedChunk`). Every other entry, its local header and any data
/// descriptor are copied byte for byte; the central directory is copied with its offsets moved and
/// each replaced entry's CRC, sizes and flags rewritten.
///
/// Only plain (non-ZIP64) archives are rewritten: the result must stay under 4 GiB, or the caller
/// falls back to writing the rows with libxlsxwriter (`ZipPartReplacement.Overflow`).
enum ZipPartReplacement {
    /// The rewritten archive would need ZIP64 records.
    struct Overflow: Error {}

    /// Writes `source` to `path` with the data of each part in `replacements` replaced by its chunks (in order).
    /// Throws `Overflow` when the result would need ZIP64, `WorkbookError` for anything else.
    static func write(_ source: ZipArchiveIndex, replacements: [String: [DeflatedChunk]], to path: String) throws {
        guard !source.isZip64 else { throw Overflow() }
        var sizes: [String: (crc: UInt32, compressed: Int, uncompressed: Int)] = [:]
        for (part, chunks) in replacements {
            guard source.entries.contains(where: { $0.name == part }) else {
                throw WorkbookError(operation: "rewriting the workbook", message: "it has no part \(part)")
            }
            let (crc, uncompressed) = DeflatedChunk.combined(chunks)
            let compressed = chunks.reduce(0) { $0 + $1.data.count }
            guard uncompressed < 0xFFFF_FFFF, compressed < 0xFFFF_FFFF else { throw Overflow() }
            sizes[part] = (crc, compressed, uncompressed)
        }

        guard let file = fopen(path, "wb") else {
            throw WorkbookError(operation: "creating \(path)", message: String(cString: strerror(errno)))
        }
        var closed = false
        defer { if !closed { fclose(file) } }
        var written = 0
        func emit(_ bytes: UnsafeRawBufferPointer) throws {
            guard bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count else {
                throw WorkbookError(operation: "writing \(path)", message: String(cString: strerror(errno)))
            }
            written += bytes.count
        }
        func emit(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try emit($0) } }

        // Entries in file order; each spans from its local header to the next one (or the directory).
        let byOffset = source.entries.sorted { $0.localHeaderOffset < $1.localHeaderOffset }
        var newOffsets: [String: Int] = [:]
        for (index, entry) in byOffset.enumerated() {
            newOffsets[entry.name] = written
            if let chunks = replacements[entry.name], let (crc, compressed, uncompressed) = sizes[entry.name] {
                let central = try source.withBytes(entry.centralRecord) { Array($0) }
                let name = Array(central[46..<(46 + Int(le(central, 28, 2)))])
                var header = [UInt8](repeating: 0, count: 30)
                put(&header, 0, 0x0403_4B50, 4)
                put(&header, 4, 20, 2)
                put(&header, 6, le(central, 8, 2) & ~0x0008, 2)
                put(&header, 8, 8, 2)
                header[10..<14] = central[12..<16]  // modification time and date
                put(&header, 14, UInt64(crc), 4)
                put(&header, 18, UInt64(compressed), 4)
                put(&header, 22, UInt64(uncompressed), 4)
                put(&header, 26, UInt64(name.count), 2)
                try emit(header + name)
                for chunk in chunks { try emit(chunk.data) }
            } else {
                let end =
                    index + 1 < byOffset.count
                    ? byOffset[index + 1].localHeaderOffset : source.centralDirectory.lowerBound
                try source.withBytes(entry.localHeaderOffset..<end) { try emit($0) }
            }
        }

        let directoryStart = written
        for entry in source.entries {
            var record = try source.withBytes(entry.centralRecord) { Array($0) }
            guard let offset = newOffsets[entry.name], offset < 0xFFFF_FFFF else { throw Overflow() }
            if let (crc, compressed, uncompressed) = sizes[entry.name] {
                record.removeSubrange((46 + Int(le(record, 28, 2)))...)  // no extra field or comment
                put(&record, 8, le(record, 8, 2) & ~0x0008, 2)
                put(&record, 10, 8, 2)
                put(&record, 16, UInt64(crc), 4)
                put(&record, 20, UInt64(compressed), 4)
                put(&record, 24, UInt64(uncompressed), 4)
                put(&record, 30, 0, 2)
                put(&record, 32, 0, 2)
            }
            put(&record, 42, UInt64(offset), 4)
            try emit(record)
        }
        let directorySize = written - directoryStart
        guard written < 0xFFFF_FFFF, source.entries.count < 0xFFFF else { throw Overflow() }
        var end = [UInt8](repeating: 0, count: 22)
        put(&end, 0, 0x0605_4B50, 4)
        put(&end, 8, UInt64(source.entries.count), 2)
        put(&end, 10, UInt64(source.entries.count), 2)
        put(&end, 12, UInt64(directorySize), 4)
        put(&end, 16, UInt64(directoryStart), 4)
        try emit(end)
        closed = true
        guard fclose(file) == 0 else {
            throw WorkbookError(operation: "writing \(path)", message: String(cString: strerror(errno)))
        }
    }

    private static func le(_ bytes: [UInt8], _ offset: Int, _ size: Int) -> UInt64 {
        (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }

    private static func put(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt64, _ size: Int) {
        for k in 0..<size { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
    }
}
