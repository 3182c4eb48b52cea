import RFMCore

/// Reads CSV records from a byte source: keeps the buffer, refills it as records need more bytes, and scans with
/// `CSVScanner`. The header is read through it on the calling thread; `scanRecords` then runs on a thread of its own
/// (one thread at a time uses the reader). It is handed to that thread in a `Locked` box, held for the whole scan,
/// so nothing else can touch it meanwhile.
final class CSVRecordReader {
    let source: ByteSource
    let name: String
    let buffer = GrowableBuffer(capacity: CSVTransactionReader.chunkSize * 2)
    private(set) var atEOF = false
    /// The fields of the record last scanned.
    let fields = CSVFieldList()
    /// The line the next record starts on.
    var line = 1
    /// Set once the delimiter is known.
    var scanner = CSVScanner(delimiter: UInt8(ascii: ","))
    /// The header's column names once read, to name the column of a runaway quote.
    var header: [String] = []
    /// The longest record read so far, in bytes: a quoted field far longer than every record is a runaway quote.
    private(set) var longestRecord = 0

    init(source: ByteSource, name: String) {
        self.source = source
        self.name = name
    }

    /// Reads the next chunk of input into the buffer (nothing once the end was reached).
    func fill() throws(InputError) {
        if atEOF { return }
        if try source.read(into: buffer, chunkSize: CSVTransactionReader.chunkSize) == 0 { atEOF = true }
    }

    /// Scans the next record into `fields`, reading more input as needed; nil at the end of the input.
    func nextRecord() throws(InputError) -> CSVScanner.Outcome? {
        try nextRecord(into: fields, line: line)
    }

    @inline(__always)
    private func nextRecord(into fields: CSVFieldList, line: Int) throws(InputError) -> CSVScanner.Outcome? {
        let scanner = self.scanner
        while true {
            if buffer.available == 0 {
                if atEOF { return nil }
                try fill()
                continue
            }
            let outcome = scanner.scan(buffer.base, from: buffer.start, end: buffer.end, atEOF: atEOF, fields: fields)
            switch outcome {
            case .record(let next, _):
                // One compare per record; the quoted-field limit follows the longest record.
                if next &- buffer.start > longestRecord { noteLongestRecord(next &- buffer.start) }
                return outcome
            case .needMore(let openQuote):
                if openQuote >= 0 && buffer.end &- openQuote > scanner.maxQuotedBytes {
                    throw runawayQuote(from: openQuote, field: fields.count, to: buffer.end, line: line, atEnd: false)
                }
                if buffer.available > CSVTransactionReader.maxRecordBytes {
                    throw .malformedRow(
                        location: SourceLocation(file: name, line: line),
                        expected: "a record shorter than \(CSVTransactionReader.maxRecordBytes >> 20) MiB",
                        found: "a longer one (an unclosed quote?)")
                }
                try fill()
                continue
            case .runawayQuote(let quoteStart, let field, let stop):
                throw runawayQuote(from: quoteStart, field: field, to: stop, line: line, atEnd: false)
            case .unterminatedQuote:
                // Open at the end of the input: one malformed row when the quote opened on the last line; an error
                // in every mode when it ran past the end of its own line (it swallowed the records after it).
                let open = fields[fields.count &- 1]
                if Self.swallowedLines(buffer.base, from: open.start, to: open.end) > 0
                    || open.end &- open.start > scanner.maxQuotedBytes
                {
                    throw runawayQuote(
                        from: open.start, field: fields.count &- 1, to: open.end, line: line, atEnd: true)
                }
                return outcome
            }
        }
    }

    private func noteLongestRecord(_ length: Int) {
        longestRecord = length
        let limit = length.multipliedReportingOverflow(by: CSVTransactionReader.quotedBytesFactor)
        scanner.maxQuotedBytes = max(
            CSVTransactionReader.minQuotedBytesLimit, limit.overflow ? Int.max : limit.partialValue)
    }

    /// Line feeds in `p[start..<end]` that are not its last byte (or the LF of a final CRLF): lines after the first.
    private static func swallowedLines(_ p: UnsafeRawPointer, from start: Int, to end: Int) -> Int {
        var n = 0
        var last = end
        if last > start && p.load(fromByteOffset: last - 1, as: UInt8.self) == 0x0A { last -= 1 }
        for k in start..<max(start, last) where p.load(fromByteOffset: k, as: UInt8.self) == 0x0A { n += 1 }
        return n
    }

    /// The error for a quoted field that opens at `start` in the record starting on `line` and runs to `stop`: it
    /// names the line where the quote opened, the column and how far it ran. Raised in strict and lenient mode.
    private func runawayQuote(from start: Int, field: Int, to stop: Int, line: Int, atEnd: Bool) -> InputError {
        let p = UnsafeRawPointer(buffer.base)
        var opened = line
        for k in buffer.start..<start where p.load(fromByteOffset: k, as: UInt8.self) == 0x0A { opened += 1 }
        var lines = 0
        for k in start..<stop where p.load(fromByteOffset: k, as: UInt8.self) == 0x0A { lines += 1 }
        let column = field < header.count && !header[field].isEmpty ? header[field] : "column \(field + 1)"
        let ran = "\(lines) line break\(lines == 1 ? "" : "s") / \(stop - start) bytes"
        let limit = "\(CSVScanner.maxQuotedLines) line breaks or \(scanner.maxQuotedBytes) bytes"
        return .malformedRow(
            location: SourceLocation(file: name, line: opened, column: column),
            expected: "a closing quote for the quoted field that opens on line \(opened) (within \(limit))",
            found: atEnd
                ? "none: the quoted field ran over \(ran) to the end of the input"
                : "none: the quoted field ran over \(ran) without closing")
    }

    /// Scans every remaining record into batches for `deliver` (false: stop). Blank lines are skipped, as
    /// spreadsheet programs and pandas do. On an input error the records before it are delivered first.
    func scanRecords(_ deliver: (CSVRecordBatch) -> Bool) throws(InputError) {
        let expectedBytes = min(CSVTransactionReader.chunkSize, 1 << 20)
        var batch = CSVRecordBatch(expectedBytes: expectedBytes)
        let fields = self.fields
        var line = self.line
        func handOver() -> Bool {
            batch.consumed = source.consumed
            let full = batch
            batch = CSVRecordBatch(expectedBytes: expectedBytes)
            return deliver(full)
        }
        while true {
            let outcome: CSVScanner.Outcome?
            do {
                outcome = try nextRecord(into: fields, line: line)
            } catch {
                if batch.count > 0 && !handOver() { return }
                throw error
            }
            guard let outcome else { break }
            switch outcome {
            case .record(let next, let lines):
                let recordStart = line
                line += lines
                if !(fields.count == 1 && fields[0].end == fields[0].start) {
                    batch.append(.record, line: recordStart, fields: fields, in: buffer.base)
                }
                buffer.start = next
            case .unterminatedQuote(let next, _):
                batch.append(.unterminatedQuote, line: line, fields: fields, in: buffer.base)
                buffer.start = next
            case .needMore, .runawayQuote:
                preconditionFailure("nextRecord never returns needMore or runawayQuote")
            }
            if (batch.count >= CSVTransactionReader.batchRecords || batch.byteCount >= CSVTransactionReader.batchBytes)
                && !handOver()
            {
                return
            }
        }
        if batch.count > 0 { _ = handOver() }
        self.line = line
    }
}
