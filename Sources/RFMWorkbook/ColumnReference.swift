/// A column of a table, by the table's `id` and the column's header name.
public struct ColumnReference: Sendable, Hashable {
    public var table: String
    public var column: String
    /// The column named `column` of the table with id `table`.
    public init(table: String, column: String) {
        self.table = table
        self.column = column
    }
}
