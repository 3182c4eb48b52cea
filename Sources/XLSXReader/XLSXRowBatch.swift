/// The rows decoded from one stretch of a worksheet, in a compact form that a reader walks without allocating:
/// cells in sheet order with their columns, numbers inline, shared strings by index and other text as bytes.
///
/// A batch is built on the thread that inflates and parses the sheet and handed whole to the consumer, so the
/// parse and the consumer's own work run on two cores. `XLSXWorkbook.readRows` turns batches into `XLSXRow`s.
public struct XLSXRowBatch: Sendable {
    /// What a cell holds.
    public enum Kind: UInt8, Sendable {
        /// No value (`<c/>`, a blank number, a cell without `<v>`).
        case empty
        /// A number in `value` (dates are numbers: serial days).
        case number
        /// A boolean in `value` (0 or 1).
        case bool
        /// The shared string whose index is `index`.
        case sharedString
        /// Text in the batch's `text` bytes (inline strings, formula strings, ISO dates).
        case text
        /// An error value such as `#N/A`, as text in the batch's `text` bytes.
        case error
    }

    /// One cell: its kind, 0-based column and value.
    public struct Cell: Sendable {
        public let kind: Kind
        /// The 0-based column (A is 0).
        public let column: Int32
        /// The number (kind `.number`), or 0/1 (kind `.bool`).
        public let value: Double
        /// The shared-string index (kind `.sharedString`) or the offset of the text in `text`.
        public let index: Int32
        /// The length of the text in `text` (kinds `.text` and `.error`).
        public let count: Int32
    }

    /// The 1-based row number of each row.
    public private(set) var rowNumbers: [Int] = []
    /// For each row, the end of its cells in `cells` (its cells start where the previous row's end).
    private var rowEnds: [Int] = []
    /// The cells of every row in order (a row's cells in the order of the sheet, each with its column).
    public private(set) var cells: [Cell] = []
    /// The UTF-8 bytes of the text and error cells, decoded (entities and escapes resolved).
    public private(set) var text: [UInt8] = []

    init() {}

    /// An empty batch with room for as many rows, cells and text bytes as `other` holds (the next chunk of a
    /// sheet is usually like the last one).
    init(reservingLike other: XLSXRowBatch) {
        rowNumbers.reserveCapacity(other.rowNumbers.count + 16)
        rowEnds.reserveCapacity(other.rowNumbers.count + 16)
        cells.reserveCapacity(other.cells.count + 128)
        text.reserveCapacity(other.text.count)
    }

    /// The number of rows.
    public var rowCount: Int { rowNumbers.count }

    /// True when the batch holds no row.
    public var isEmpty: Bool { rowNumbers.isEmpty }

    /// The positions in `cells` of row `row`'s cells.
    public func cellRange(ofRow row: Int) -> Range<Int> {
        (row == 0 ? 0 : rowEnds[row - 1])..<rowEnds[row]
    }

    // MARK: building (by the sheet parser)

    /// Marks where a row's cells and text start, for `rollBack` when the row turns out to be incomplete.
    var mark: (cells: Int, text: Int) { (cells.count, text.count) }

    /// Removes the cells and text added since `mark`.
    mutating func rollBack(to mark: (cells: Int, text: Int)) {
        if cells.count > mark.cells { cells.removeSubrange(mark.cells...) }
        if text.count > mark.text { text.removeSubrange(mark.text...) }
    }

    /// Closes a row whose cells have been appended.
    mutating func endRow(number: Int) {
        rowNumbers.append(number)
        rowEnds.append(cells.count)
    }

    /// Appends a cell without text.
    @inline(__always)
    mutating func append(_ kind: Kind, column: Int, value: Double = 0, index: Int = 0) {
        cells.append(
            Cell(kind: kind, column: Int32(column), value: value, index: Int32(truncatingIfNeeded: index), count: 0))
    }

    /// Appends a text or error cell whose decoded bytes were appended to `text` from `start`.
    @inline(__always)
    mutating func appendText(_ kind: Kind, column: Int, from start: Int) {
        cells.append(
            Cell(
                kind: kind, column: Int32(column), value: 0, index: Int32(start),
                count: Int32(text.count - start)))
    }

    /// Appends raw XML character data to `text`, decoding entities, escapes and line ends; returns where it starts.
    mutating func appendDecoded(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let start = text.count
        XMLTextDecoder.decode(p, n, into: &text)
        return start
    }

    /// Appends already decoded UTF-8 text; returns where it starts.
    mutating func appendPlain<S: Sequence<UInt8>>(_ bytes: S) -> Int {
        let start = text.count
        text.append(contentsOf: bytes)
        return start
    }
}

extension XLSXRowBatch {
    /// The text of a `.text` or `.error` cell as a String.
    public func string(_ cell: Cell) -> String {
        text.withUnsafeBufferPointer { b in
            String(
                decoding: UnsafeBufferPointer(rebasing: b[Int(cell.index)..<Int(cell.index) + Int(cell.count)]),
                as: UTF8.self)
        }
    }

    /// Row `r` as an `XLSXRow`: its cells by column, gaps as `.empty`, a later cell of the same column winning.
    public func row(_ r: Int, sharedStrings: XLSXSharedStrings) -> XLSXRow {
        var values: [XLSXCell] = []
        for k in cellRange(ofRow: r) {
            let c = cells[k]
            let column = Int(c.column)
            let value: XLSXCell
            switch c.kind {
            case .empty: value = .empty
            case .number: value = .number(c.value)
            case .bool: value = .bool(c.value != 0)
            case .sharedString: value = .text(sharedStrings.string(Int(c.index)))
            case .text: value = .text(string(c))
            case .error: value = .error(string(c))
            }
            if column >= values.count {
                values.append(contentsOf: repeatElement(.empty, count: column + 1 - values.count))
            }
            values[column] = value
        }
        return XLSXRow(number: rowNumbers[r], cells: values)
    }
}
