/// Records scanned from CSV input on the reading thread, handed whole to the thread that cleans them: each
/// record's bytes (quoted fields already unescaped) in one block, with its fields' ranges and its line number.
struct CSVRecordBatch: Sendable {
    /// A complete record, or a quoted field that the end of the input left open (a malformed row).
    enum Kind: UInt8, Sendable { case record, unterminatedQuote }

    /// The bytes of every record's fields, one record after another.
    private(set) var bytes: [UInt8] = []
    /// Start and end of each field in `bytes`.
    private(set) var fieldStarts: [Int32] = []
    private(set) var fieldEnds: [Int32] = []
    /// For each record, the end of its fields in `fieldStarts`.
    private var recordEnds: [Int] = []
    /// The line each record starts on (1-based; the header is line 1).
    private(set) var lines: [Int] = []
    private(set) var kinds: [Kind] = []
    /// Bytes of the file consumed when the batch was closed (compressed bytes for gzip), for progress.
    var consumed = 0

    init(expectedBytes: Int) {
        bytes.reserveCapacity(expectedBytes)
        let records = CSVTransactionReader.batchRecords
        fieldStarts.reserveCapacity(records * 8)
        fieldEnds.reserveCapacity(records * 8)
        recordEnds.reserveCapacity(records)
        lines.reserveCapacity(records)
        kinds.reserveCapacity(records)
    }

    var count: Int { lines.count }

    /// The bytes held (a batch is handed over before this passes `CSVTransactionReader.batchBytes`, so the
    /// 32-bit field offsets cannot overflow: one record is at most 64 MiB, 128 MiB with its unescaped copy).
    var byteCount: Int { bytes.count }

    /// The positions in `fieldStarts` and `fieldEnds` of record `record`'s fields.
    func fieldRange(ofRecord record: Int) -> Range<Int> {
        (record == 0 ? 0 : recordEnds[record - 1]) ..< recordEnds[record]
    }

    /// Adds a record whose `fields` lie in `p`: the record's bytes are copied once, quoted fields unescaped
    /// after them.
    mutating func append(_ kind: Kind, line: Int, fields: [CSVScanner.Field], in p: UnsafeRawPointer) {
        guard let first = fields.first, let last = fields.last else { return }
        let origin = first.start, span = last.end - first.start
        let base = bytes.count
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: p + origin, count: span))
        for f in fields {
            if f.quoted {
                let start = bytes.count
                let length = f.end - f.start
                bytes.append(contentsOf: repeatElement(0, count: length))
                let n = bytes.withUnsafeMutableBytes { out in
                    CSVScanner.unescape(p, f, into: out.baseAddress! + start)
                }
                bytes.removeLast(length - n)
                fieldStarts.append(Int32(start))
                fieldEnds.append(Int32(start + n))
            } else {
                fieldStarts.append(Int32(base + f.start - origin))
                fieldEnds.append(Int32(base + f.end - origin))
            }
        }
        recordEnds.append(fieldStarts.count)
        lines.append(line)
        kinds.append(kind)
    }
}

extension CSVRecordBatch {
    /// Calls `body` with the bytes of field `k`.
    func withField<T>(_ k: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        bytes.withUnsafeBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[Int(fieldStarts[k]) ..< Int(fieldEnds[k])]))
        }
    }
}
