/// What `WorkbookWriter.write` did: the sheets written and which sheets were split.
public struct WriteReport: Sendable, Equatable {
    /// Worksheet names in order, after cleaning and splitting.
    public var sheetNames: [String]
    /// Spec sheet name → the continuation sheets it spilled onto ("Customers" → ["Customers (2)"]).
    public var splitSheets: [String: [String]]
    /// True when the workbook was written in libxlsxwriter's constant-memory mode.
    public var constantMemory: Bool
    /// Ids of tables asked for as Excel tables but written plain (constant-memory mode has none).
    public var plainTables: [String]
    /// Data rows written by rfm's own row writer rather than libxlsxwriter (`RowSplicer`).
    public var splicedRows: Int
    /// Seconds spent adding cells, charts and formats (before `workbook_close`).
    public var cellSeconds: Double
    /// Seconds in `workbook_close` (XML assembly and zlib compression) plus the rename.
    public var closeSeconds: Double
}
