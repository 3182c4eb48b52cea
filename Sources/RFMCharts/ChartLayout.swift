import Foundation

/// Turns a `Chart` into a `Scene`: validation, then the layout of its kind. Pure apart from text measuring.
enum ChartLayout {
    /// Validates the chart and lays it out.
    static func scene(for chart: Chart) throws(ChartError) -> Scene {
        guard chart.width.isFinite, chart.height.isFinite, Chart.sizeRange.contains(chart.width),
            Chart.sizeRange.contains(chart.height)
        else {
            throw ChartError(
                operation: "validate chart \"\(chart.title)\"",
                message:
                    "size \(chart.width)×\(chart.height) px is outside \(Int(Chart.sizeRange.lowerBound))…\(Int(Chart.sizeRange.upperBound)) px"
            )
        }
        let palette = try ResolvedPalette(chart.palette)
        let measurer = try TextMeasurer(fontFamily: palette.fontFamily)
        let ctx = LayoutContext(width: chart.width, height: chart.height, palette: palette, measurer: measurer)
        let items: [SceneItem]
        switch chart.kind {
        case .bars(let c): items = try BarLayout.items(c, chart: chart, ctx: ctx)
        case .groupedBars(let c): items = try GroupedBarLayout.items(c, chart: chart, ctx: ctx)
        case .stackedBars(let c): items = try StackedBarLayout.items(c, chart: chart, ctx: ctx)
        case .histogram(let c): items = try HistogramLayout.items(c, chart: chart, ctx: ctx)
        case .scatter(let c): items = try ScatterLayout.items(c, chart: chart, ctx: ctx)
        case .heatmap(let c): items = try HeatmapLayout.items(c, chart: chart, ctx: ctx)
        case .lines(let c): items = try LineLayout.items(c, chart: chart, ctx: ctx)
        case .flow(let c): items = try FlowLayout.items(c, chart: chart, ctx: ctx)
        }
        try measurer.check()
        return Scene(
            width: chart.width, height: chart.height, background: palette.background,
            fontFamily: palette.fontFamily, items: items)
    }

    /// A validation failure for `chart`.
    static func invalid(_ chart: Chart, _ message: String) -> ChartError {
        ChartError(operation: "validate chart \"\(chart.title)\"", message: message)
    }

    /// Throws unless every value is finite.
    static func requireFinite(_ values: [Double], _ what: String, _ chart: Chart) throws(ChartError) {
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw invalid(chart, "\(what) \(i + 1) is \(values[i]), not a finite number")
        }
    }

    /// "No data to show" in the middle of the space below the header.
    static func noData(top: Double, ctx: LayoutContext) -> [SceneItem] {
        [
            .text(
                ctx.measurer.item(
                    "No data to show", x: ctx.width / 2, y: (top + ctx.height) / 2, size: LayoutContext.subtitleSize,
                    color: ctx.palette.mutedText, role: .note, anchor: .middle, baseline: .middle))
        ]
    }

    /// Joins the caller's subtitle and a layout note with " · ".
    static func subtitle(_ base: String, _ notes: [String]) -> String {
        ([base] + notes).filter { !$0.isEmpty }.joined(separator: " · ")
    }
}
