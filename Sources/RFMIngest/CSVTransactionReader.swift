import Foundation
import RFMConcurrency
import RFMCore
import XLSXReader

/// Reads a CSV (or gzip-compressed CSV) transaction file into a `TransactionCollector`.
///
/// The header is read on the calling thread. Then the records are scanned on a thread of their own (together with
/// reading the file; a gzip file is inflated on a third) and handed over in `CSVRecordBatch`es, while the calling
/// thread cleans the previous ones: scanning and cleaning run on two cores. Errors arrive in order, after the
/// records before them.
enum CSVTransactionReader {
    static let chunkSize = 1 << 22
    /// Records (a row with all its fields) longer than this are refused: a sign of a broken or hostile file.
    static let maxRecordBytes = 64 << 20
    /// A quoted field is a runaway (an unclosed quote swallowing the records after it, an error in strict and
    /// lenient mode) past `CSVScanner.maxQuotedLines` line breaks, or past max(this, `quotedBytesFactor` × the
    /// longest record read so far, the header included) bytes, or when it is still open at the end of the input
    /// after running past its own line. 256 KiB is above the largest cell a spreadsheet writes (32,767 characters).
    static let minQuotedBytesLimit = 256 << 10
    static let quotedBytesFactor = 64
    /// A batch is handed over after this many records or bytes.
    static let batchRecords = 8192
    static let batchBytes = 16 << 20
    /// Batches that may wait for the cleaning thread.
    static let queueDepth = 4

    static func read(
        source: ByteSource, name: String, format: String, overrides: [ColumnRole: String],
        collector: inout TransactionCollector, progress: ((Int) -> Void)?
    ) throws(InputError) -> InputSummary {
        let reader = CSVRecordReader(source: source, name: name)
        // Header: the first line. Skip a UTF-8 byte order mark.
        let buffer = reader.buffer
        try reader.fill()
        while !reader.atEOF && buffer.available < 4096 { try reader.fill() }
        progress?(source.consumed)
        if buffer.available >= 3, buffer.base.load(fromByteOffset: buffer.start, as: UInt8.self) == 0xEF,
            buffer.base.load(fromByteOffset: buffer.start + 1, as: UInt8.self) == 0xBB,
            buffer.base.load(fromByteOffset: buffer.start + 2, as: UInt8.self) == 0xBF
        {
            buffer.start += 3
        }
        guard buffer.available > 0 else {
            throw .empty(file: name, reason: "the file is empty; expected a header line and transactions")
        }
        for k in 0..<min(buffer.available, 4096)
        where buffer.base.load(fromByteOffset: buffer.start + k, as: UInt8.self) == 0 {
            throw .unsupportedFormat(
                file: name,
                reason:
                    "this is a binary file, not CSV text (a zero byte at offset \(k)); expected CSV, gzip-compressed CSV or XLSX"
            )
        }
        let delimiter = CSVScanner.detectDelimiter(buffer.base, buffer.start, buffer.end)
        reader.scanner = CSVScanner(delimiter: delimiter)

        guard let headerOutcome = try reader.nextRecord() else {
            throw .empty(file: name, reason: "the file is empty; expected a header line and transactions")
        }
        var header: [String] = []
        switch headerOutcome {
        case .record(let next, let lines):
            let batch = CSVRecordBatch(expectedBytes: next - buffer.start)
            batch.append(.record, line: 1, fields: reader.fields, in: buffer.base)
            header = batch.fieldRange(ofRecord: 0).map { k in RawCell.text(batch.field(k)).displayText.trimmingSpaces }
            buffer.start = next
            reader.line += lines
            reader.header = header
        case .unterminatedQuote:
            throw .malformedRow(
                location: SourceLocation(file: name, line: 1), expected: "a header line with balanced quotes",
                found: "a quote that is never closed")
        case .needMore, .runawayQuote:
            preconditionFailure("nextRecord never returns needMore or runawayQuote")
        }
        if header.allSatisfy(\.isEmpty) {
            throw .empty(
                file: name,
                reason: "line 1: the header is empty; expected column names such as InvoiceNo, CustomerID, Quantity")
        }
        if header.count == 1, delimiter == UInt8(ascii: ","), header[0].count > 20 {
            throw .unsupportedFormat(
                file: name,
                reason:
                    "line 1: found one column \"\(header[0].prefix(60))\"; expected comma-, semicolon- or tab-separated columns"
            )
        }
        let mapping = try ColumnMapping.resolve(header: header, overrides: overrides, file: name)
        collector.begin(file: name, sheet: nil, mapping: mapping)
        let rowsBefore = collector.table.cleaning.rowsRead

        // The records: scanned on the reader's thread, cleaned here.
        let handOver = Locked(reader)
        let queue = ChunkQueue<CSVRecordBatch>.producing(capacity: queueDepth) { queue in
            try handOver.withLock { reader throws(InputError) in try reader.scanRecords { queue.push($0) } }
        }
        defer {
            queue.cancel()
            queue.waitUntilFinished()
        }
        var cells = [RawCell]()
        while let batch = try queue.popInput(file: name) {
            try clean(batch, of: name, into: &collector, cells: &cells)
            progress?(batch.consumed)
        }
        let rows = collector.table.cleaning.rowsRead - rowsBefore
        if rows == 0 {
            throw .empty(file: name, reason: "the file has a header and no transactions")
        }
        let detected = Dictionary(uniqueKeysWithValues: mapping.index.map { ($0.key.rawValue, header[$0.value]) })
        let delimiterName = delimiter == 0x09 ? "tab" : String(UnicodeScalar(delimiter))
        return InputSummary(
            file: name, format: format, rows: rows, columns: header, columnsDetected: detected,
            delimiter: delimiterName, bytes: source.consumed)
    }

    /// Hands the records of a batch to the collector (malformed rows included).
    private static func clean(
        _ batch: CSVRecordBatch, of name: String, into collector: inout TransactionCollector,
        cells: inout [RawCell]
    ) throws(InputError) {
        for r in 0..<batch.count {
            switch batch.kinds[r] {
            case .record:
                let fields = batch.fieldRange(ofRecord: r)
                if cells.count < fields.count { cells = [RawCell](repeating: .empty, count: fields.count) }
                try cells.withUnsafeMutableBufferPointer { cp throws(InputError) in
                    for (j, k) in fields.enumerated() {
                        let bytes = batch.field(k)
                        cp[j] = bytes.isEmpty ? .empty : .text(bytes)
                    }
                    try collector.add(UnsafeBufferPointer(rebasing: cp[0..<fields.count]), line: batch.lines[r])
                }
            case .unterminatedQuote:
                try collector.malformed(
                    line: batch.lines[r], column: nil,
                    expected: "a closing quote for the field that starts on this line",
                    found: "the end of the file")
            }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\u{FEFF}" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
