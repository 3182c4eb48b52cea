/// Bars, one per category, each in its own palette colour, with formatted value labels.
public struct BarChart: Sendable {
    /// Which way the bars grow.
    public enum Orientation: Sendable { case horizontal, vertical }

    public var labels: [String]
    public var values: [Double]
    public var orientation: Orientation
    /// The value axis; its format also writes the value labels.
    public var valueAxis: ValueAxis
    public var categoryTitle: String?
    public var showsValueLabels: Bool

    /// Creates a bar chart; `labels` and `values` must have the same length.
    public init(
        labels: [String], values: [Double], orientation: Orientation = .horizontal,
        valueAxis: ValueAxis = ValueAxis(), categoryTitle: String? = nil, showsValueLabels: Bool = true
    ) {
        self.labels = labels
        self.values = values
        self.orientation = orientation
        self.valueAxis = valueAxis
        self.categoryTitle = categoryTitle
        self.showsValueLabels = showsValueLabels
    }
}
