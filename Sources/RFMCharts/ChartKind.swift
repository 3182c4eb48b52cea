/// The kinds of chart the report draws, each with its data.
public enum ChartKind: Sendable {
    /// One bar per category, one colour each, with value labels.
    case bars(BarChart)
    /// Categories × series side by side, with a legend.
    case groupedBars(GroupedBarChart)
    /// Horizontal stacks of series per category (counts or shares), with a legend.
    case stackedBars(StackedBarChart)
    /// A distribution binned on a linear or log10 axis.
    case histogram(Histogram)
    /// Points coloured by category, sampled above `maxPoints`.
    case scatter(ScatterChart)
    /// Rows × columns of values on a sequential colour scale, each cell labelled.
    case heatmap(Heatmap)
    /// Series over x with markers and one highlighted point.
    case lines(LineChart)
    /// Customers flowing between two columns of nodes (last month → this month), bands sized by the flows.
    case flow(FlowChart)
}
