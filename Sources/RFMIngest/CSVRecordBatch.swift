/// Records scanned from CSV input on the reading thread, handed whole to the thread that cleans them: each
/// record's bytes (quoted fields already unescaped) in one block, with its fields' ranges and its line number.
///
/// The storage is plain growable memory rather than arrays: a batch is filled by one thread, then handed over and
/// only read by the other (never shared while written), and per-field array appends (uniqueness and capacity
/// checks, retains in the cleaning loop) cost a fifth of both threads' time on Online Retail.
final class CSVRecordBatch: @unchecked Sendable {
    /// A complete record, or a quoted field that the end of the input left open (a malformed row).
    enum Kind: UInt8, Sendable { case record, unterminatedQuote }

    /// The bytes of every record's fields, one record after another.
    private(set) var bytes: UnsafeMutableRawPointer
    private var byteCapacity: Int
    /// The bytes held (a batch is handed over before this passes `CSVTransactionReader.batchBytes`, so the
    /// 32-bit field offsets cannot overflow: one record is at most 64 MiB, 128 MiB with its unescaped copy).
    private(set) var byteCount = 0
    /// Start and end of each field in `bytes`.
    private(set) var fieldStarts: UnsafeMutablePointer<Int32>
    private(set) var fieldEnds: UnsafeMutablePointer<Int32>
    private var fieldCapacity: Int
    private var fieldCount = 0
    /// For each record, the end of its fields in `fieldStarts`.
    private var recordEnds: UnsafeMutablePointer<Int32>
    /// The line each record starts on (1-based; the header is line 1).
    private(set) var lines: UnsafeMutablePointer<Int>
    private(set) var kinds: UnsafeMutablePointer<Kind>
    private var recordCapacity: Int
    /// The records held.
    private(set) var count = 0
    /// Bytes of the file consumed when the batch was closed (compressed bytes for gzip), for progress.
    var consumed = 0

    init(expectedBytes: Int) {
        byteCapacity = max(expectedBytes, 64)
        bytes = .allocate(byteCount: byteCapacity, alignment: 8)
        recordCapacity = CSVTransactionReader.batchRecords
        fieldCapacity = recordCapacity * 8
        fieldStarts = .allocate(capacity: fieldCapacity)
        fieldEnds = .allocate(capacity: fieldCapacity)
        recordEnds = .allocate(capacity: recordCapacity)
        lines = .allocate(capacity: recordCapacity)
        kinds = .allocate(capacity: recordCapacity)
    }

    deinit {
        bytes.deallocate()
        fieldStarts.deallocate()
        fieldEnds.deallocate()
        recordEnds.deallocate()
        lines.deallocate()
        kinds.deallocate()
    }

    /// The positions in `fieldStarts` and `fieldEnds` of record `record`'s fields.
    @inline(__always)
    func fieldRange(ofRecord record: Int) -> Range<Int> {
        (record == 0 ? 0 : Int(recordEnds[record &- 1]))..<Int(recordEnds[record])
    }

    /// The bytes of field `k`.
    @inline(__always)
    func field(_ k: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes + Int(fieldStarts[k]), count: Int(fieldEnds[k] &- fieldStarts[k]))
    }

    /// Adds a record whose `fields` lie in `p`: the record's bytes are copied once, quoted fields unescaped
    /// after them.
    func append(_ kind: Kind, line: Int, fields: CSVFieldList, in p: UnsafeRawPointer) {
        let n = fields.count
        guard n > 0 else { return }
        let origin = fields[0].start
        let span = fields[n &- 1].end &- origin
        var quotedBytes = 0
        for j in 0..<n where fields[j].quoted { quotedBytes &+= fields[j].end &- fields[j].start }
        reserve(bytes: span &+ quotedBytes, fields: n)
        let base = byteCount
        (bytes + base).copyMemory(from: p + origin, byteCount: span)
        byteCount &+= span
        for j in 0..<n {
            let f = fields[j]
            if f.quoted {
                let start = byteCount
                let length = CSVScanner.unescape(p, f, into: bytes + start)
                byteCount &+= length
                fieldStarts[fieldCount] = Int32(truncatingIfNeeded: start)
                fieldEnds[fieldCount] = Int32(truncatingIfNeeded: start &+ length)
            } else {
                fieldStarts[fieldCount] = Int32(truncatingIfNeeded: base &+ f.start &- origin)
                fieldEnds[fieldCount] = Int32(truncatingIfNeeded: base &+ f.end &- origin)
            }
            fieldCount &+= 1
        }
        recordEnds[count] = Int32(truncatingIfNeeded: fieldCount)
        lines[count] = line
        kinds[count] = kind
        count &+= 1
    }

    /// Makes room for a record of `more` bytes and `fields` fields.
    @inline(__always)
    private func reserve(bytes more: Int, fields: Int) {
        if byteCount &+ more > byteCapacity {
            let capacity = max(byteCapacity * 2, byteCount + more)
            let larger = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            larger.copyMemory(from: bytes, byteCount: byteCount)
            bytes.deallocate()
            bytes = larger
            byteCapacity = capacity
        }
        if fieldCount &+ fields > fieldCapacity {
            let capacity = max(fieldCapacity * 2, fieldCount + fields)
            fieldStarts = Self.grown(fieldStarts, count: fieldCount, to: capacity)
            fieldEnds = Self.grown(fieldEnds, count: fieldCount, to: capacity)
            fieldCapacity = capacity
        }
        if count == recordCapacity {
            let capacity = recordCapacity * 2
            recordEnds = Self.grown(recordEnds, count: count, to: capacity)
            lines = Self.grown(lines, count: count, to: capacity)
            kinds = Self.grown(kinds, count: count, to: capacity)
            recordCapacity = capacity
        }
    }

    private static func grown<T>(_ p: UnsafeMutablePointer<T>, count: Int, to capacity: Int) -> UnsafeMutablePointer<T>
    {
        let larger = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        larger.moveInitialize(from: p, count: count)
        p.deallocate()
        return larger
    }
}
