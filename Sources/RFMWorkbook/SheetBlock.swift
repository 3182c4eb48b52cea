/// One piece of a sheet, laid out top to bottom with a blank row between pieces.
public enum SheetBlock: Sendable {
    /// A bold caption line directly above the next block.
    case heading(String)
    /// A "figure: value" block: labels in the first column, each value across the other columns of the
    /// sheet's widest table (wrapped there), so the block never dictates those columns' widths.
    case keyValues([KeyValue])
    /// A table with a header row.
    case table(SheetTable)
    /// A paragraph, wrapped across the sheet's tables (at least `NoteSpan.minimumWidth` characters wide).
    case note(String)
    /// A native chart; placed beside the table it plots when that table is on the same sheet.
    case chart(WorkbookChart)
}
