/// One worksheet row: its 1-based row number and its cells by 0-based column (gaps are `.empty`).
public struct XLSXRow: Sendable {
    /// The 1-based row number from the sheet (`<row r>`, or the previous row + 1).
    public let number: Int
    /// Cells indexed by 0-based column; columns without a cell hold `.empty`.
    public let cells: [XLSXCell]

    /// Creates a row.
    public init(number: Int, cells: [XLSXCell]) {
        self.number = number
        self.cells = cells
    }
}
