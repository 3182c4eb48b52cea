/// Layout of `StackedBarChart`: one horizontal bar per category, segments in series order, labels inside when they fit.
enum StackedBarLayout {
    static func items(_ c: StackedBarChart, chart: Chart, ctx: LayoutContext) throws(ChartError) -> [SceneItem] {
        for s in c.series {
            guard s.values.count == c.categories.count else {
                throw ChartLayout.invalid(
                    chart, "series \"\(s.name)\" has \(s.values.count) values for \(c.categories.count) categories")
            }
            try ChartLayout.requireFinite(s.values, "value of \"\(s.name)\"", chart)
            if let v = s.values.first(where: { $0 < 0 }) {
                throw ChartLayout.invalid(chart, "stacked value \(v) of \"\(s.name)\" is negative")
            }
        }
        let legend = LegendContent.entries(
            c.series.enumerated().map { LegendEntry(name: $1.name, color: ctx.palette.series($0), symbol: .square) })
        let header = Header.layout(title: chart.title, subtitle: chart.subtitle, legend: legend, ctx: ctx)
        guard !c.categories.isEmpty, !c.series.isEmpty else {
            return header.items + ChartLayout.noData(top: header.bottom, ctx: ctx)
        }

        let totals = c.categories.indices.map { i in c.series.reduce(0) { $0 + $1.values[i] } }
        let axis =
            c.normalized
            ? ValueAxis(title: c.valueAxis.title ?? "Share of row", format: .percent(places: 0))
            : c.valueAxis
        let numeric =
            c.normalized
            ? NumericAxisInput(lo: 0, hi: 1, axis: axis, exact: true)
            : NumericAxisInput(lo: 0, hi: totals.max() ?? 1, axis: axis)
        var spec = PlotSpec(
            x: .values(numeric), y: .bands(c.categories), xTitle: axis.title, yTitle: c.categoryTitle,
            top: header.bottom, xGrid: true, bandPadding: 0.3, bottomAxisLine: false)
        spec.yLabelLines = max(1, c.categoryLabelLines)
        let frame = PlotFrame.layout(spec, ctx: ctx)
        var items = header.items + frame.background
        guard let xs = frame.x.values, let bands = frame.y.bands else { return items }
        let size = LayoutContext.smallSize
        let lm = ctx.measurer.metrics(size: size)
        let labelFormat: ValueFormat = c.normalized ? .percent(places: 0) : c.valueAxis.format
        for i in c.categories.indices {
            var acc = 0.0
            for (s, series) in c.series.enumerated() {
                let v = c.normalized ? (totals[i] > 0 ? series.values[i] / totals[i] : 0) : series.values[i]
                let x0 = xs.position(acc)
                let x1 = xs.position(acc + v)
                acc += v
                guard x1 - x0 > 0.01 else { continue }
                let colour = ctx.palette.series(s)
                let marked = c.isMarked(i)
                // A marked bar: its colour faded towards the background, hatched in the full colour.
                let fill = marked ? colour.mixed(with: ctx.palette.background, 0.6) : colour
                let rect = Rect(
                    x: x0, y: bands.bandStart(i), width: x1 - x0 > 2 ? x1 - x0 - 1 : x1 - x0, height: bands.bandWidth)
                items.append(.rect(rect, fill: fill))
                if marked {
                    // Thin and half-faded, so that the value label on top stays readable.
                    let hatch = colour.mixed(with: ctx.palette.background, 0.3)
                    for (a, b) in Hatching.lines(in: rect, spacing: 7) {
                        items.append(.line(a, b, stroke: hatch, width: 1))
                    }
                }
                let text = labelFormat.format(v)
                if ctx.measurer.width(text, size: size) + 6 <= rect.width && bands.bandWidth >= lm.lineHeight {
                    items.append(
                        .text(
                            ctx.measurer.item(
                                text, x: rect.minX + rect.width / 2, y: bands.center(i), size: size,
                                color: ctx.palette.label(on: fill), role: .valueLabel,
                                anchor: .middle, baseline: .middle)))
                }
            }
        }
        let zx = PlotFrame.crisp(xs.p0)
        items.append(
            .line(
                Point(x: zx, y: frame.plot.minY), Point(x: zx, y: frame.plot.maxY), stroke: ctx.palette.axis, width: 1))
        return items + frame.foreground
    }
}
