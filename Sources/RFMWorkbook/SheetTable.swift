/// A table of rows under a header row, optionally an Excel table, with an optional caption.
public struct SheetTable: Sendable {
    /// The name charts use to refer to this table; defaults to the title, else "table".
    public var id: String
    /// A bold caption row above the header.
    public var title: String?
    public var columns: [TableColumn]
    public var rows: TableRows
    /// An Excel table (`worksheet_add_table`): structured references, autofilter, banded rows.
    public var asExcelTable: Bool
    /// For plain tables: an autofilter over the header (only the first such table on a sheet gets one).
    public var autofilter: Bool
    /// Data-row indexes (0-based into `rows`) drawn with the highlight format.
    public var highlightRows: Set<Int>

    /// A table of rows held in memory; `id` defaults to `title`.
    public init(
        id: String? = nil, title: String? = nil, columns: [TableColumn], rows: [[CellValue]],
        asExcelTable: Bool = false, autofilter: Bool = true, highlightRows: Set<Int> = []
    ) {
        self.init(
            id: id, title: title, columns: columns, rowSource: TableRows(rows), asExcelTable: asExcelTable,
            autofilter: autofilter, highlightRows: highlightRows)
    }

    /// A table whose rows may be generated while writing (`TableRows(count:row:)`).
    public init(
        id: String? = nil, title: String? = nil, columns: [TableColumn], rowSource rows: TableRows,
        asExcelTable: Bool = false, autofilter: Bool = true, highlightRows: Set<Int> = []
    ) {
        self.id = id ?? title ?? "table"
        self.title = title
        self.columns = columns
        self.rows = rows
        self.asExcelTable = asExcelTable
        self.autofilter = autofilter
        self.highlightRows = highlightRows
    }
}
