/// Layout of `Histogram`: adjacent bars over nice bin edges, counts on the y axis.
enum HistogramLayout {
    static func items(_ c: Histogram, chart: Chart, ctx: LayoutContext) throws(ChartError) -> [SceneItem] {
        guard c.maxBins >= 1 else { throw ChartLayout.invalid(chart, "maxBins is \(c.maxBins), must be at least 1") }
        let (bins, omitted) = c.bins()
        var notes: [String] = []
        if omitted > 0 {
            let reason =
                c.valueAxis.scale == .log10 ? "≤ 0 or missing, not shown on the log scale" : "missing, not shown"
            notes.append("\(ValueFormat.integer.format(Double(omitted))) values \(reason)")
        }
        let header = Header.layout(
            title: chart.title, subtitle: ChartLayout.subtitle(chart.subtitle, notes), legend: nil, ctx: ctx)
        guard let first = bins.first, let last = bins.last else {
            return header.items + ChartLayout.noData(top: header.bottom, ctx: ctx)
        }
        let maxCount = Double(bins.map(\.count).max() ?? 1)
        let x = NumericAxisInput(lo: first.lower, hi: last.upper, axis: c.valueAxis, exact: true)
        let y = NumericAxisInput(lo: 0, hi: max(1, maxCount), axis: ValueAxis(title: c.countTitle, format: .integer))
        let spec = PlotSpec(
            x: .values(x), y: .values(y), xTitle: c.valueAxis.title, yTitle: c.countTitle,
            top: header.bottom, yGrid: true)
        let frame = PlotFrame.layout(spec, ctx: ctx)
        var items = header.items + frame.background
        guard let xs = frame.x.values, let ys = frame.y.values else { return items }
        let fill = ctx.palette.series(0)
        for b in bins where b.count > 0 {
            let x0 = xs.position(b.lower)
            let x1 = xs.position(b.upper)
            let gap = x1 - x0 > 3 ? 0.5 : 0
            let top = ys.position(Double(b.count))
            items.append(.rect(Rect(x: x0 + gap, y: top, width: x1 - x0 - 2 * gap, height: ys.p0 - top), fill: fill))
        }
        return items + frame.foreground
    }
}
