/// The sizes of a chart's text as laid out, so that a page can keep the chart wide enough for its smallest text to
/// stay readable when the chart is scaled down to a narrow screen.
public enum ChartTextSize {
    /// The smallest font size, in the chart's CSS px, of any text the chart draws; nil when it draws none.
    public static func smallest(_ chart: Chart) throws(ChartError) -> Double? {
        try ChartLayout.scene(for: chart).texts().map(\.fontSize).min()
    }

    /// The narrowest width, in CSS px, at which the chart's smallest text shows at `readable` px or more.
    public static func narrowestReadableWidth(_ chart: Chart, readable: Double = 10) throws(ChartError) -> Double {
        guard let smallest = try smallest(chart), smallest > 0 else { return 0 }
        return (chart.width * readable / smallest).rounded(.up)
    }
}
