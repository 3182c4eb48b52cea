/// A native Excel chart whose series reference table columns in the workbook.
public struct WorkbookChart: Sendable {
    /// The chart types the writer supports.
    public enum Kind: Sendable { case column, bar, line }

    /// One series: a table column, named by `name` or else by the column's header.
    public struct Series: Sendable {
        public var name: String?
        public var values: ColumnReference
        /// "#RRGGBB" of the whole series: the line of a line chart, the bars of the others; nil: Excel's.
        public var colour: String?
        /// "#RRGGBB" per data point (bars or columns), in row order, e.g. each segment in its own colour; points
        /// beyond the list keep the series colour.
        public var pointColours: [String]
        /// A series plotting `values`.
        public init(_ values: ColumnReference, name: String? = nil, colour: String? = nil, pointColours: [String] = [])
        {
            self.values = values
            self.name = name
            self.colour = colour
            self.pointColours = pointColours
        }
    }

    public var kind: Kind
    public var title: String
    public var categories: ColumnReference
    public var series: [Series]
    /// Title of the axis the categories run along (vertical for `.bar`).
    public var categoryAxisTitle: String?
    /// Title of the axis the values run along (horizontal for `.bar`).
    public var valueAxisTitle: String?
    /// Size in pixels (Excel's default chart is 480 × 288).
    public var width: Int
    public var height: Int

    /// A chart of `series` against `categories`.
    public init(
        kind: Kind, title: String, categories: ColumnReference, series: [Series],
        categoryAxisTitle: String? = nil, valueAxisTitle: String? = nil, width: Int = 560, height: Int = 320
    ) {
        self.kind = kind
        self.title = title
        self.categories = categories
        self.series = series
        self.categoryAxisTitle = categoryAxisTitle
        self.valueAxisTitle = valueAxisTitle
        self.width = width
        self.height = height
    }
}
