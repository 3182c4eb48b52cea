/// The data rows of a table: held values, or generated on demand while the sheet is written.
///
/// Generated rows let a caller write a million customers without first building a million
/// `[CellValue]` arrays: the writer asks for row `i` only when it writes it (and for the first
/// `WriterOptions.widthSampleRows` rows once more when it fits column widths). Rows of a large table
/// are encoded on several threads at once (`RowSplicer`), so `row` must depend on its index only.
public struct TableRows: Sendable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case values([[CellValue]])
        case generated(count: Int, row: @Sendable (Int) -> [CellValue])
    }
    private let storage: Storage

    /// Rows held in memory.
    public init(_ values: [[CellValue]]) { storage = .values(values) }

    /// `count` rows produced by `row(index)`: a pure function of the index, called from the writing
    /// thread and from the threads that encode spliced rows, in any order and possibly more than once.
    public init(count: Int, row: @escaping @Sendable (Int) -> [CellValue]) {
        storage = .generated(count: max(count, 0), row: row)
    }

    /// Rows from an array literal.
    public init(arrayLiteral elements: [CellValue]...) { storage = .values(elements) }

    /// Number of data rows.
    public var count: Int {
        switch storage {
        case .values(let values): return values.count
        case .generated(let count, _): return count
        }
    }

    /// True when there are no data rows.
    public var isEmpty: Bool { count == 0 }

    /// The cells of row `index` (0-based).
    public subscript(index: Int) -> [CellValue] {
        switch storage {
        case .values(let values): return values[index]
        case .generated(_, let row): return row(index)
        }
    }
}
