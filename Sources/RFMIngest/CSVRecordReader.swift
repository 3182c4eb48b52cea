import RFMCore

/// Reads CSV records from a byte source: keeps the buffer, refills it as records need more bytes, and scans with
/// `CSVScanner`. The header is read through it on the calling thread; `scanRecords` then runs on a thread of its own
/// (its per-record properties skip the run-time exclusivity checks: one thread at a time uses the reader).
final class CSVRecordReader {
    let source: ByteSource
    let name: String
    let buffer = GrowableBuffer(capacity: CSVTransactionReader.chunkSize * 2)
    @exclusivity(unchecked) private(set) var atEOF = false
    /// The fields of the record last scanned.
    let fields = CSVFieldList()
    /// The line the next record starts on.
    @exclusivity(unchecked) var line = 1
    /// Set once the delimiter is known.
    @exclusivity(unchecked) var scanner = CSVScanner(delimiter: UInt8(ascii: ","))

    /// Hands the reader to the scanning thread, which is the only one to touch it from then on.
    final class HandOver: @unchecked Sendable {
        let reader: CSVRecordReader
        init(_ reader: CSVRecordReader) { self.reader = reader }
    }

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
            if case .needMore = outcome {
                if buffer.available > CSVTransactionReader.maxRecordBytes {
                    throw .malformedRow(
                        location: SourceLocation(file: name, line: line),
                        expected: "a record shorter than \(CSVTransactionReader.maxRecordBytes >> 20) MiB",
                        found: "a longer one (an unclosed quote?)")
                }
                try fill()
                continue
            }
            return outcome
        }
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
            case let .record(next, lines):
                let recordStart = line
                line += lines
                if !(fields.count == 1 && fields[0].end == fields[0].start) {
                    batch.append(.record, line: recordStart, fields: fields, in: buffer.base)
                }
                buffer.start = next
            case let .unterminatedQuote(next, _):
                batch.append(.unterminatedQuote, line: line, fields: fields, in: buffer.base)
                buffer.start = next
            case .needMore:
                preconditionFailure("nextRecord never returns needMore")
            }
            if (batch.count >= CSVTransactionReader.batchRecords || batch.byteCount >= CSVTransactionReader.batchBytes)
                && !handOver() { return }
        }
        if batch.count > 0 { _ = handOver() }
        self.line = line
    }
}
