/// The data rows of one large table part that the writer leaves out of libxlsxwriter and writes itself
/// (`RowSplicer`): all but the part's first and last data rows, which libxlsxwriter writes so that
/// the sheet's dimension, table, autofilter and colour-scale ranges and the cell formats are its own.
///
/// Why: at a million customers libxlsxwriter spends 30 s on the Customers sheet, three quarters of
/// it in `printf("%.16G")` and zlib at level 6 on one thread (measured with perf; BENCHMARKS.md).
struct RowSplice: Sendable {
    /// 1-based worksheet number: the part is `xl/worksheets/sheetN.xml`.
    let sheetNumber: Int
    let table: SheetTable
    /// Indexes into `table.rows` written here.
    let rows: Range<Int>
    /// 0-based Excel row of `rows.lowerBound`; the rows follow one per Excel row.
    let firstExcelRow: Int
    let encoder: SheetRowEncoder

    /// The worksheet part holding the rows.
    var partName: String { "xl/worksheets/sheet\(sheetNumber).xml" }

    /// The 1-based Excel row whose `<row>` element the spliced rows go in front of.
    var nextRowNumber: Int { firstExcelRow + rows.count + 1 }
}
