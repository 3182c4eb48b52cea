/// Horizontal stacked bars: one row per category, one segment per series, with a legend.
public struct StackedBarChart: Sendable {
    public var categories: [String]
    /// Each series holds one non-negative value per category.
    public var series: [ChartSeries]
    /// Show each row as shares of its total (0–100%) rather than raw values.
    public var normalized: Bool
    /// The value axis when not normalized (a normalized chart uses a percent axis).
    public var valueAxis: ValueAxis
    public var categoryTitle: String?
    /// Lines a category label may wrap onto beside its bar (when the bar is tall enough) before it is truncated.
    public var categoryLabelLines: Int
    /// Categories drawn lighter and hatched, to be read with care (e.g. month-ends with too little data before
    /// them); empty or shorter than `categories` marks none of the rest.
    public var marked: [Bool]

    /// Creates a stacked bar chart.
    public init(
        categories: [String], series: [ChartSeries], normalized: Bool = true,
        valueAxis: ValueAxis = ValueAxis(), categoryTitle: String? = nil, categoryLabelLines: Int = 1,
        marked: [Bool] = []
    ) {
        self.categories = categories
        self.series = series
        self.normalized = normalized
        self.valueAxis = valueAxis
        self.categoryTitle = categoryTitle
        self.categoryLabelLines = categoryLabelLines
        self.marked = marked
    }

    /// True when category `i` is drawn lighter and hatched.
    func isMarked(_ i: Int) -> Bool { i < marked.count && marked[i] }
}
