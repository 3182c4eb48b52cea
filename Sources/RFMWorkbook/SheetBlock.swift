/// One piece of a sheet, laid out top to bottom with a blank row between pieces.
public enum SheetBlock: Sendable {
    /// A two-column "figure: value" block.
    case keyValues([KeyValue])
    /// A table with a header row.
    case table(SheetTable)
    /// One line of text.
    case note(String)
    /// A native chart; placed beside the table it plots when that table is on the same sheet.
    case chart(WorkbookChart)
}
