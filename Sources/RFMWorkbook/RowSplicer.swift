import RFMConcurrency
import ZipIndex

/// Puts the rows of `RowSplice`s into the workbook libxlsxwriter wrote: each affected worksheet part
/// is inflated (it holds only its small rows), cut in front of the row that follows each gap, and
/// written again as pieces compressed in parallel: the literal parts of the original XML and blocks
/// of `rowsPerChunk` generated rows. Every piece is the same whatever the thread count, so the file
/// is byte-identical with 1 or 2 threads.
enum RowSplicer {
    /// Rows encoded and compressed per piece (about 1.5 MB of XML for an 18-column row).
    static let rowsPerChunk = 2_048
    /// A worksheet part as libxlsxwriter wrote it (only small rows) is refused above this size.
    static let partLimit: UInt64 = 1 << 30

    /// Writes the workbook at `source` with `splices` applied to `destination`.
    /// Throws `ZipPartReplacement.Overflow` when the result would need ZIP64.
    static func apply(
        _ splices: [RowSplice], source: String, destination: String,
        compressionLevel: Int32, threads: Int
    ) throws {
        let archive = try ZipArchiveIndex(path: source)
        guard !archive.isZip64 else { throw ZipPartReplacement.Overflow() }
        let byPart = Dictionary(grouping: splices, by: \.partName)

        /// One piece of work: literal bytes of a part, or a block of generated rows.
        enum Piece: Sendable {
            case literal([UInt8])
            case rows(RowSplice, Range<Int>)
        }
        var pieces: [(part: String, piece: Piece, final: Bool)] = []
        for part in byPart.keys.sorted() {
            let xml = try archive.contents(of: part, limit: partLimit)
            var cursor = 0
            for splice in byPart[part]!.sorted(by: { $0.firstExcelRow < $1.firstExcelRow }) {
                guard let cut = rowStart(in: xml, row: splice.nextRowNumber, from: cursor) else {
                    throw WorkbookError(
                        operation: "splicing rows into \(part)",
                        message: "row \(splice.nextRowNumber) is not where libxlsxwriter should have written it")
                }
                pieces.append((part, .literal(Array(xml[cursor..<cut])), false))
                var start = splice.rows.lowerBound
                while start < splice.rows.upperBound {
                    let end = min(start + rowsPerChunk, splice.rows.upperBound)
                    pieces.append((part, .rows(splice, start..<end), false))
                    start = end
                }
                cursor = cut
            }
            pieces.append((part, .literal(Array(xml[cursor...])), true))
        }

        let work = pieces
        let results = ParallelWork.map(count: work.count, threads: threads) {
            i -> Result<DeflatedChunk, WorkbookError> in
            let (_, piece, final) = work[i]
            let bytes: [UInt8]
            switch piece {
            case .literal(let literal):
                bytes = literal
            case .rows(let splice, let range):
                var out: [UInt8] = []
                out.reserveCapacity(range.count * 64 * splice.encoder.styles.count)
                var excelRow = splice.firstExcelRow + (range.lowerBound - splice.rows.lowerBound) + 1
                for index in range {
                    splice.encoder.append(splice.table.rows[index], excelRow: excelRow, to: &out)
                    excelRow += 1
                }
                bytes = out
            }
            do throws(WorkbookError) {
                return .success(try DeflatedChunk(bytes, level: compressionLevel, final: final))
            } catch {
                return .failure(error)
            }
        }
        var replacements: [String: [DeflatedChunk]] = [:]
        for (i, result) in results.enumerated() {
            replacements[work[i].part, default: []].append(try result.get())
        }
        try ZipPartReplacement.write(archive, replacements: replacements, to: destination)
    }

    /// Offset of `<row r="N"` (followed by a space or `>`) at or after `from`.
    static func rowStart(in xml: [UInt8], row: Int, from: Int) -> Int? {
        let needle = Array("<row r=\"\(row)\"".utf8)
        guard xml.count >= needle.count else { return nil }
        var i = from
        while i + needle.count < xml.count {
            if xml[i] == UInt8(ascii: "<"), xml[i + 1] == UInt8(ascii: "r"),
                xml[i..<(i + needle.count)].elementsEqual(needle),
                xml[i + needle.count] == UInt8(ascii: " ") || xml[i + needle.count] == UInt8(ascii: ">")
            {
                return i
            }
            i += 1
        }
        return nil
    }
}
