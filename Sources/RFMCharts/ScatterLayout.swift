/// Layout of `ScatterChart`: two value axes, points coloured by category, a seeded sample above `maxPoints`.
enum ScatterLayout {
    static func items(_ c: ScatterChart, chart: Chart, ctx: LayoutContext) throws(ChartError) -> [SceneItem] {
        guard c.maxPoints >= 1 else {
            throw ChartLayout.invalid(chart, "maxPoints is \(c.maxPoints), must be at least 1")
        }
        guard c.pointAlpha > 0, c.pointAlpha <= 1, c.pointRadius > 0, c.pointRadius.isFinite else {
            throw ChartLayout.invalid(chart, "point alpha must be in 0…1 and radius positive")
        }
        if let bad = c.points.first(where: { $0.category < 0 || $0.category >= c.categoryNames.count }) {
            throw ChartLayout.invalid(
                chart, "point category \(bad.category) has no name (\(c.categoryNames.count) names)")
        }
        let xLog = c.xAxis.scale == .log10
        let yLog = c.yAxis.scale == .log10
        var valid: [Int] = []
        valid.reserveCapacity(c.points.count)
        var xlo = Double.infinity
        var xhi = -Double.infinity
        var ylo = Double.infinity
        var yhi = -Double.infinity
        for (i, p) in c.points.enumerated()
        where p.x.isFinite && p.y.isFinite && (!xLog || p.x > 0) && (!yLog || p.y > 0) {
            valid.append(i)
            xlo = min(xlo, p.x)
            xhi = max(xhi, p.x)
            ylo = min(ylo, p.y)
            yhi = max(yhi, p.y)
        }
        var notes: [String] = []
        let shown: [Int]
        if valid.count > c.maxPoints {
            shown = deterministicSample(count: valid.count, keep: c.maxPoints, seed: c.seed).map { valid[$0] }
            notes.append(
                "\(ValueFormat.integer.format(Double(shown.count))) of \(ValueFormat.integer.format(Double(c.points.count))) \(c.unitName) shown"
            )
        } else {
            shown = valid
        }
        let omitted = c.points.count - valid.count
        if omitted > 0 {
            notes.append(
                "\(ValueFormat.integer.format(Double(omitted))) \(c.unitName) with missing\(xLog || yLog ? " or ≤ 0" : "") values not shown"
            )
        }
        let legend = LegendContent.entries(
            c.categoryNames.enumerated().map { LegendEntry(name: $1, color: ctx.palette.series($0), symbol: .dot) })
        let header = Header.layout(
            title: chart.title, subtitle: ChartLayout.subtitle(chart.subtitle, notes),
            legend: c.categoryNames.count > 1 ? legend : nil, ctx: ctx)
        guard !valid.isEmpty else { return header.items + ChartLayout.noData(top: header.bottom, ctx: ctx) }
        let spec = PlotSpec(
            x: .values(NumericAxisInput(lo: xlo, hi: xhi, axis: c.xAxis)),
            y: .values(NumericAxisInput(lo: ylo, hi: yhi, axis: c.yAxis)),
            xTitle: c.xAxis.title, yTitle: c.yAxis.title, top: header.bottom, xGrid: true, yGrid: true)
        let frame = PlotFrame.layout(spec, ctx: ctx)
        var items = header.items + frame.background
        guard let xs = frame.x.values, let ys = frame.y.values else { return items }
        var centers: [Point] = []
        var colorIndex: [Int] = []
        centers.reserveCapacity(shown.count)
        colorIndex.reserveCapacity(shown.count)
        for i in shown {
            let p = c.points[i]
            centers.append(Point(x: xs.position(p.x), y: ys.position(p.y)))
            colorIndex.append(p.category)
        }
        let colors = c.categoryNames.indices.map { ctx.palette.series($0).withAlpha(c.pointAlpha) }
        items.append(.dots(DotCloud(centers: centers, colorIndex: colorIndex, colors: colors, radius: c.pointRadius)))
        return items + frame.foreground
    }
}
