/// A grid of values on a sequential colour scale; each cell shows its value and an optional second line.
public struct Heatmap: Sendable {
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// values[row][column]; nil leaves the cell empty.
    public var values: [[Double?]]
    /// Optional second line per cell (e.g. the segment name), same shape as `values`.
    public var notes: [[String?]]?
    public var valueFormat: ValueFormat
    public var rowTitle: String?
    public var columnTitle: String?
    /// Caption of the colour scale ("Mean monetary value").
    public var scaleTitle: String?

    /// Creates a heatmap.
    public init(
        rowLabels: [String], columnLabels: [String], values: [[Double?]], notes: [[String?]]? = nil,
        valueFormat: ValueFormat = .integer, rowTitle: String? = nil, columnTitle: String? = nil,
        scaleTitle: String? = nil
    ) {
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.notes = notes
        self.valueFormat = valueFormat
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.scaleTitle = scaleTitle
    }
}
