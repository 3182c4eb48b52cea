/// Layout of `LineChart`: x ticks at the given x values, one line with markers per series, the highlight called out.
enum LineLayout {
    static func items(_ c: LineChart, chart: Chart, ctx: LayoutContext) throws(ChartError) -> [SceneItem] {
        try ChartLayout.requireFinite(c.x, "x value", chart)
        guard zip(c.x, c.x.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw ChartLayout.invalid(chart, "x values must increase")
        }
        for s in c.series {
            guard s.values.count == c.x.count else {
                throw ChartLayout.invalid(
                    chart, "series \"\(s.name)\" has \(s.values.count) values for \(c.x.count) x values")
            }
            try ChartLayout.requireFinite(s.values.compactMap { $0 }, "value of \"\(s.name)\"", chart)
        }
        if let h = c.highlight {
            guard c.series.indices.contains(h.series), c.x.indices.contains(h.index),
                c.series[h.series].values[h.index] != nil
            else {
                throw ChartLayout.invalid(
                    chart, "highlight (series \(h.series), index \(h.index)) is not a point of the chart")
            }
        }
        let legend = LegendContent.entries(
            c.series.enumerated().map { LegendEntry(name: $1.name, color: ctx.palette.series($0), symbol: .line) })
        let header = Header.layout(
            title: chart.title, subtitle: chart.subtitle, legend: c.series.count > 1 ? legend : nil, ctx: ctx)
        let all = c.series.flatMap { $0.values.compactMap { $0 } }
        guard let lo = all.min(), let hi = all.max(), let x0 = c.x.first, let x1 = c.x.last else {
            return header.items + ChartLayout.noData(top: header.bottom, ctx: ctx)
        }
        let m = ctx.measurer.metrics(size: LayoutContext.labelSize, bold: true)
        let spec = PlotSpec(
            x: .values(NumericAxisInput(lo: x0, hi: x1, axis: c.xAxis, fixedTicks: c.x)),
            y: .values(NumericAxisInput(lo: lo, hi: hi, axis: c.yAxis)),
            xTitle: c.xAxis.title, yTitle: c.yAxis.title, top: header.bottom,
            topReserve: c.highlight == nil ? 0 : m.lineHeight / 2, yGrid: true)
        let frame = PlotFrame.layout(spec, ctx: ctx)
        var items = header.items + frame.background
        guard let xs = frame.x.values, let ys = frame.y.values else { return items }
        func point(_ s: Int, _ i: Int) -> Point? {
            c.series[s].values[i].map { Point(x: xs.position(c.x[i]), y: ys.position($0)) }
        }
        for s in c.series.indices {
            let color = ctx.palette.series(s)
            var run: [Point] = []
            for i in c.x.indices {
                if let p = point(s, i) {
                    run.append(p)
                } else {
                    if run.count > 1 { items.append(.polyline(run, stroke: color, width: 2.5)) }
                    run = []
                }
            }
            if run.count > 1 { items.append(.polyline(run, stroke: color, width: 2.5)) }
            for i in c.x.indices {
                if let p = point(s, i) {
                    items.append(.circle(p, radius: 3.5, fill: color, stroke: ctx.palette.background, strokeWidth: 1.5))
                }
            }
        }
        if let h = c.highlight, let p = point(h.series, h.index) {
            items.append(.circle(p, radius: 8, fill: nil, stroke: ctx.palette.text, strokeWidth: 2))
            let size = LayoutContext.labelSize
            let text = ctx.measurer.truncate(h.label, maxWidth: ctx.width - 2 * ctx.pad - 8, size: size, bold: true)
            let w = ctx.measurer.width(text, size: size, bold: true)
            let boxH = m.lineHeight + 6
            let boxW = w + 10
            var boxY = p.y - 14 - boxH
            if boxY < frame.plot.minY - m.lineHeight / 2 { boxY = p.y + 14 }
            // Inside the plot area where it fits, so the call-out never covers the axis's tick labels.
            let left = boxW <= frame.plot.maxX - frame.plot.minX ? frame.plot.minX : ctx.pad
            let boxX = min(max(p.x - boxW / 2, left), ctx.width - ctx.pad - boxW)
            items.append(
                .rect(Rect(x: boxX, y: boxY, width: boxW, height: boxH), fill: ctx.palette.background.withAlpha(0.9)))
            items.append(
                .text(
                    ctx.measurer.item(
                        text, x: boxX + 5, y: boxY + 3, size: size, bold: true, color: ctx.palette.text,
                        role: .annotation, baseline: .top)))
        }
        return items + frame.foreground
    }
}
