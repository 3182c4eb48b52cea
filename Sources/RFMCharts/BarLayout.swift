/// Layout of `BarChart`: bands for categories, a value axis from zero, value labels past the bar ends.
enum BarLayout {
    static func items(_ c: BarChart, chart: Chart, ctx: LayoutContext) throws(ChartError) -> [SceneItem] {
        guard c.labels.count == c.values.count else {
            throw ChartLayout.invalid(chart, "\(c.labels.count) labels but \(c.values.count) values")
        }
        try ChartLayout.requireFinite(c.values, "value", chart)
        let header = Header.layout(title: chart.title, subtitle: chart.subtitle, legend: nil, ctx: ctx)
        guard !c.values.isEmpty else { return header.items + ChartLayout.noData(top: header.bottom, ctx: ctx) }

        let size = LayoutContext.smallSize
        let lm = ctx.measurer.metrics(size: size)
        let texts = c.values.map(c.valueAxis.format.format)
        let widest = texts.map { ctx.measurer.width($0, size: size) }.max() ?? 0
        let numeric = NumericAxisInput(lo: c.values.min() ?? 0, hi: c.values.max() ?? 0, axis: c.valueAxis)
        var items = header.items
        switch c.orientation {
        case .horizontal:
            // Value labels only when every bar is at least one label line tall (estimated before layout).
            let estimatedBand = (ctx.height - header.bottom - 3 * lm.lineHeight - ctx.pad) / Double(c.values.count)
            let showLabels = c.showsValueLabels && estimatedBand >= lm.lineHeight + 2
            let spec = PlotSpec(
                x: .values(numeric), y: .bands(c.labels), xTitle: c.valueAxis.title, yTitle: c.categoryTitle,
                top: header.bottom, rightReserve: showLabels ? widest + 8 : 0, xGrid: true,
                bandPadding: 0.3, bottomAxisLine: false)
            let frame = PlotFrame.layout(spec, ctx: ctx)
            guard let xs = frame.x.values, let bands = frame.y.bands else { return items }
            items += frame.background
            let zero = xs.log ? xs.p0 : xs.position(min(max(0, xs.lo), xs.hi))
            for (i, v) in c.values.enumerated() {
                let x1 = xs.position(v)
                items.append(
                    .rect(
                        Rect(x: min(zero, x1), y: bands.bandStart(i), width: abs(x1 - zero), height: bands.bandWidth),
                        fill: ctx.palette.series(i)))
                if showLabels {
                    items.append(
                        .text(
                            ctx.measurer.item(
                                texts[i], x: v >= 0 ? x1 + 5 : x1 - 5, y: bands.center(i), size: size,
                                color: ctx.palette.text, role: .valueLabel,
                                anchor: v >= 0 ? .start : .end, baseline: .middle)))
                }
            }
            let zx = PlotFrame.crisp(zero)
            items.append(
                .line(
                    Point(x: zx, y: frame.plot.minY), Point(x: zx, y: frame.plot.maxY), stroke: ctx.palette.axis,
                    width: 1))
            items += frame.foreground
        case .vertical:
            let spec = PlotSpec(
                x: .bands(c.labels), y: .values(numeric), xTitle: c.categoryTitle, yTitle: c.valueAxis.title,
                top: header.bottom, topReserve: c.showsValueLabels ? lm.lineHeight + 4 : 0, yGrid: true,
                bandPadding: 0.3)
            let frame = PlotFrame.layout(spec, ctx: ctx)
            guard let ys = frame.y.values, let bands = frame.x.bands else { return items }
            items += frame.background
            let zero = ys.log ? ys.p0 : ys.position(min(max(0, ys.lo), ys.hi))
            let showLabels = c.showsValueLabels && widest <= bands.step - 4
            for (i, v) in c.values.enumerated() {
                let y1 = ys.position(v)
                items.append(
                    .rect(
                        Rect(x: bands.bandStart(i), y: min(zero, y1), width: bands.bandWidth, height: abs(y1 - zero)),
                        fill: ctx.palette.series(i)))
                if showLabels {
                    items.append(
                        .text(
                            ctx.measurer.item(
                                texts[i], x: bands.center(i), y: v >= 0 ? y1 - 4 : y1 + 4, size: size,
                                color: ctx.palette.text, role: .valueLabel, anchor: .middle,
                                baseline: v >= 0 ? .bottom : .top)))
                }
            }
            items += frame.foreground
        }
        return items
    }
}
