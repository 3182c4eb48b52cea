/// One line: a name and a value per x (nil leaves a gap).
public struct LineSeries: Sendable, Equatable {
    public var name: String
    public var values: [Double?]

    /// Creates a line series.
    public init(name: String, values: [Double?]) {
        self.name = name
        self.values = values
    }
}

/// The point to call out, e.g. the best-fitting k.
public struct LineHighlight: Sendable, Equatable {
    public var series: Int
    public var index: Int
    public var label: String

    /// Creates a highlight of `series` at x index `index`.
    public init(series: Int, index: Int, label: String) {
        self.series = series
        self.index = index
        self.label = label
    }
}

/// Several series over shared x values (e.g. k = 2…8), with markers, a legend and one highlighted point.
public struct LineChart: Sendable {
    /// The x values; each is a tick.
    public var x: [Double]
    public var series: [LineSeries]
    public var xAxis: ValueAxis
    public var yAxis: ValueAxis
    public var highlight: LineHighlight?

    /// Creates a line chart.
    public init(
        x: [Double], series: [LineSeries], xAxis: ValueAxis = ValueAxis(),
        yAxis: ValueAxis = ValueAxis(format: .decimal(places: 2), includesZero: false), highlight: LineHighlight? = nil
    ) {
        self.x = x
        self.series = series
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.highlight = highlight
    }
}
