/// Vertical bars grouped by category, one bar per series in each group, with a legend.
public struct GroupedBarChart: Sendable {
    public var categories: [String]
    /// Each series holds one value per category.
    public var series: [ChartSeries]
    public var valueAxis: ValueAxis
    public var categoryTitle: String?
    /// Value labels are drawn only when they fit above every bar.
    public var showsValueLabels: Bool
    /// Lines a category label may wrap onto under its group before the labels are rotated instead.
    public var categoryLabelLines: Int

    /// Creates a grouped bar chart.
    public init(
        categories: [String], series: [ChartSeries], valueAxis: ValueAxis = ValueAxis(),
        categoryTitle: String? = nil, showsValueLabels: Bool = true, categoryLabelLines: Int = 2
    ) {
        self.categories = categories
        self.series = series
        self.valueAxis = valueAxis
        self.categoryTitle = categoryTitle
        self.showsValueLabels = showsValueLabels
        self.categoryLabelLines = categoryLabelLines
    }
}
