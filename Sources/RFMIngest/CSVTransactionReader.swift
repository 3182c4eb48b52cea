import RFMCore

/// Reads a CSV (or gzip-compressed CSV) transaction file into a `TransactionCollector`, record by record.
enum CSVTransactionReader {
    static let chunkSize = 1 << 22
    /// Records (a row with all its fields) longer than this are refused: a sign of a broken or hostile file.
    static let maxRecordBytes = 64 << 20

    static func read(
        source: ByteSource, name: String, format: String, overrides: [ColumnRole: String],
        collector: inout TransactionCollector, progress: ((Int) -> Void)?
    ) throws(InputError) -> InputSummary {
        let buffer = GrowableBuffer(capacity: chunkSize * 2)
        var atEOF = false
        func fill() throws(InputError) {
            if atEOF { return }
            if try source.read(into: buffer, chunkSize: chunkSize) == 0 { atEOF = true }
            progress?(source.consumed)
        }
        // Header: the first line. Skip a UTF-8 byte order mark.
        try fill()
        while !atEOF && buffer.available < 4096 { try fill() }
        if buffer.available >= 3, buffer.base.load(fromByteOffset: buffer.start, as: UInt8.self) == 0xEF,
           buffer.base.load(fromByteOffset: buffer.start + 1, as: UInt8.self) == 0xBB,
           buffer.base.load(fromByteOffset: buffer.start + 2, as: UInt8.self) == 0xBF {
            buffer.start += 3
        }
        guard buffer.available > 0 else { throw .empty(file: name, reason: "the file is empty; expected a header line and transactions") }
        for k in 0..<min(buffer.available, 4096) where buffer.base.load(fromByteOffset: buffer.start + k, as: UInt8.self) == 0 {
            throw .unsupportedFormat(file: name, reason: "this is a binary file, not CSV text (a zero byte at offset \(k)); expected CSV, gzip-compressed CSV or XLSX")
        }
        let delimiter = CSVScanner.detectDelimiter(buffer.base, buffer.start, buffer.end)
        let scanner = CSVScanner(delimiter: delimiter)
        var fields: [CSVScanner.Field] = []
        fields.reserveCapacity(32)
        var line = 1
        var scratch = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)
        var scratchCapacity = 1 << 16
        defer { scratch.deallocate() }
        var cells = UnsafeMutableBufferPointer<RawCell>.allocate(capacity: 64)
        defer { cells.deallocate() }

        // Scans the next record, reading more input as needed.
        func nextRecord() throws(InputError) -> CSVScanner.Outcome? {
            while true {
                if buffer.available == 0 {
                    if atEOF { return nil }
                    try fill()
                    continue
                }
                let outcome = scanner.scan(buffer.base, from: buffer.start, end: buffer.end, atEOF: atEOF, fields: &fields)
                if case .needMore = outcome {
                    if buffer.available > maxRecordBytes {
                        throw .malformedRow(
                            location: SourceLocation(file: name, line: line),
                            expected: "a record shorter than \(maxRecordBytes >> 20) MiB", found: "a longer one (an unclosed quote?)")
                    }
                    try fill()
                    continue
                }
                return outcome
            }
        }

        // Turns the scanned fields into cells (unescaping quoted fields into `scratch`).
        func makeCells(recordBytes: Int) {
            if recordBytes > scratchCapacity {
                scratch.deallocate()
                scratchCapacity = recordBytes * 2
                scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchCapacity, alignment: 16)
            }
            if fields.count > cells.count {
                cells.deallocate()
                cells = UnsafeMutableBufferPointer<RawCell>.allocate(capacity: fields.count * 2)
            }
            var used = 0
            for (k, f) in fields.enumerated() {
                if f.quoted {
                    let n = CSVScanner.unescape(buffer.base, f, into: scratch + used)
                    cells[k] = n == 0 ? .empty : .text(UnsafeRawBufferPointer(start: scratch + used, count: n))
                    used += n
                } else {
                    cells[k] = f.end == f.start ? .empty : .text(UnsafeRawBufferPointer(start: buffer.base + f.start, count: f.end - f.start))
                }
            }
        }

        guard let headerOutcome = try nextRecord() else {
            throw .empty(file: name, reason: "the file is empty; expected a header line and transactions")
        }
        var header: [String] = []
        switch headerOutcome {
        case let .record(next, lines):
            makeCells(recordBytes: next - buffer.start)
            header = (0..<fields.count).map { cells[$0].displayText.trimmingSpaces }
            buffer.start = next
            line += lines
        case .unterminatedQuote:
            throw .malformedRow(location: SourceLocation(file: name, line: 1), expected: "a header line with balanced quotes",
                                found: "a quote that is never closed")
        case .needMore:
            preconditionFailure("nextRecord never returns needMore")
        }
        if header.allSatisfy(\.isEmpty) {
            throw .empty(file: name, reason: "line 1: the header is empty; expected column names such as InvoiceNo, CustomerID, Quantity")
        }
        if header.count == 1, delimiter == UInt8(ascii: ","), header[0].count > 20 {
            throw .unsupportedFormat(
                file: name, reason: "line 1: found one column \"\(header[0].prefix(60))\"; expected comma-, semicolon- or tab-separated columns")
        }
        let mapping = try ColumnMapping.resolve(header: header, overrides: overrides, file: name)
        collector.begin(file: name, sheet: nil, mapping: mapping)
        let rowsBefore = collector.table.cleaning.rowsRead
        while let outcome = try nextRecord() {
            switch outcome {
            case let .record(next, lines):
                let recordStart = line
                line += lines
                // Blank lines are skipped, as spreadsheet programs and pandas do.
                if fields.count == 1 && fields[0].end == fields[0].start { buffer.start = next; continue }
                makeCells(recordBytes: next - buffer.start)
                try collector.add(UnsafeBufferPointer(rebasing: cells[0..<fields.count]), line: recordStart)
                buffer.start = next
            case let .unterminatedQuote(next, _):
                try collector.malformed(line: line, column: nil,
                                        expected: "a closing quote for the field that starts on this line",
                                        found: "the end of the file")
                buffer.start = next
            case .needMore:
                preconditionFailure("nextRecord never returns needMore")
            }
        }
        let rows = collector.table.cleaning.rowsRead - rowsBefore
        if rows == 0 {
            throw .empty(file: name, reason: "the file has a header and no transactions")
        }
        let detected = Dictionary(uniqueKeysWithValues: mapping.index.map { ($0.key.rawValue, header[$0.value]) })
        let delimiterName = delimiter == 0x09 ? "tab" : String(UnicodeScalar(delimiter))
        return InputSummary(file: name, format: format, rows: rows, columns: header, columnsDetected: detected,
                            delimiter: delimiterName, bytes: source.consumed)
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
