/// One column of a `SheetTable`: its header, format, width and optional colour scale.
public struct TableColumn: Sendable, Hashable {
    public var name: String
    public var format: ColumnFormat
    /// Width in Excel character units; nil fits the column to its content (capped).
    public var width: Double?
    /// A red-yellow-green 3-colour scale conditional format over the column's data cells.
    public var colourScale: Bool

    /// A column; by default fitted to its content and without a colour scale.
    public init(_ name: String, format: ColumnFormat = .text, width: Double? = nil, colourScale: Bool = false) {
        self.name = name
        self.format = format
        self.width = width
        self.colourScale = colourScale
    }
}
