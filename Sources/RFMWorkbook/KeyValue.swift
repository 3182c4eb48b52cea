/// One "figure: value" line of a key-value block.
public struct KeyValue: Sendable {
    public var key: String
    public var value: CellValue
    public var format: ColumnFormat

    /// A labelled value shown with `format`.
    public init(_ key: String, _ value: CellValue, format: ColumnFormat = .text) {
        self.key = key
        self.value = value
        self.format = format
    }
}
