/// The data rows of a table: held values, or generated on demand while the sheet is written.
///
/// Generated rows let a caller write a million customers without first building a million
/// `[CellValue]` arrays: the writer asks for row `i` only when it writes it (and for the first
/// `WriterOptions.widthSampleRows` rows once more when it fits column widths).
public struct TableRows: Sendable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case values([[CellValue]])
        case generated(count: Int, row: @Sendable (Int) -> [CellValue])
    }
    private let storage: Storage

    /// Rows held in memory.
    public init(_ values: [[CellValue]]) { storage = .values(values) }

    /// `count` rows produced by `row(index)`, called synchronously on the writing thread, in
    /// index order while writing (the first rows are also asked for once before, to fit widths).
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
