/// Layout of `GroupedBarChart`: one band per category split among the series, legend on top.
enum GroupedBarLayout {
    static func items(_ c: GroupedBarChart, chart: Chart, ctx: LayoutContext) throws(ChartError) -> [SceneItem] {
        for s in c.series {
            guard s.values.count == c.categories.count else {
                throw ChartLayout.invalid(
                    chart, "series \"\(s.name)\" has \(s.values.count) values for \(c.categories.count) categories")
            }
            try ChartLayout.requireFinite(s.values, "value of \"\(s.name)\"", chart)
        }
        let legend = LegendContent.entries(
            c.series.enumerated().map { LegendEntry(name: $1.name, color: ctx.palette.series($0), symbol: .square) })
        let header = Header.layout(
            title: chart.title, subtitle: chart.subtitle, legend: c.series.count > 1 ? legend : nil, ctx: ctx)
        let all = c.series.flatMap(\.values)
        guard let lo = all.min(), let hi = all.max(), !c.categories.isEmpty else {
            return header.items + ChartLayout.noData(top: header.bottom, ctx: ctx)
        }
        let size = 10.0
        let lm = ctx.measurer.metrics(size: size)
        let fmt = c.valueAxis.format
        let widest = all.map { ctx.measurer.width(fmt.format($0), size: size) }.max() ?? 0
        // Leave room under the lowest bar for its label when values go negative.
        let span = max(hi, 0) - min(lo, 0)
        let numeric = NumericAxisInput(
            lo: lo < 0 && c.showsValueLabels ? lo - span * 0.08 : lo, hi: hi, axis: c.valueAxis)
        var spec = PlotSpec(
            x: .bands(c.categories), y: .values(numeric), xTitle: c.categoryTitle, yTitle: c.valueAxis.title,
            top: header.bottom, topReserve: c.showsValueLabels ? lm.lineHeight + 4 : 0, yGrid: true, bandPadding: 0.25)
        spec.xLabelLines = max(1, c.categoryLabelLines)
        let frame = PlotFrame.layout(spec, ctx: ctx)
        var items = header.items + frame.background
        guard let ys = frame.y.values, let bands = frame.x.bands else { return items }
        let n = Double(max(1, c.series.count))
        let sub = bands.bandWidth / n
        let showLabels = c.showsValueLabels && widest <= sub - 2
        let zero = ys.log ? ys.p0 : ys.position(min(max(0, ys.lo), ys.hi))
        for (s, series) in c.series.enumerated() {
            for (i, v) in series.values.enumerated() {
                let x = bands.bandStart(i) + Double(s) * sub
                let y1 = ys.position(v)
                items.append(
                    .rect(
                        Rect(x: x + 0.5, y: min(zero, y1), width: max(1, sub - 1), height: abs(y1 - zero)),
                        fill: ctx.palette.series(s)))
                if showLabels {
                    items.append(
                        .text(
                            ctx.measurer.item(
                                fmt.format(v), x: x + sub / 2, y: v >= 0 ? y1 - 3 : y1 + 3, size: size,
                                color: ctx.palette.text, role: .valueLabel, anchor: .middle,
                                baseline: v >= 0 ? .bottom : .top)))
                }
            }
        }
        if zero < frame.plot.maxY - 1 {
            let zy = PlotFrame.crisp(zero)
            items.append(
                .line(
                    Point(x: frame.plot.minX, y: zy), Point(x: frame.plot.maxX, y: zy), stroke: ctx.palette.axis,
                    width: 1))
        }
        return items + frame.foreground
    }
}
