/// Layout of `Heatmap`: one band per row and column, cells on a sequential ramp, labels in readable colours.
enum HeatmapLayout {
    static func items(_ c: Heatmap, chart: Chart, ctx: LayoutContext) throws(ChartError) -> [SceneItem] {
        guard c.values.count == c.rowLabels.count, c.values.allSatisfy({ $0.count == c.columnLabels.count }) else {
            throw ChartLayout.invalid(
                chart, "values must be \(c.rowLabels.count) rows × \(c.columnLabels.count) columns")
        }
        if let notes = c.notes,
            notes.count != c.rowLabels.count || !notes.allSatisfy({ $0.count == c.columnLabels.count })
        {
            throw ChartLayout.invalid(chart, "notes must have the same shape as values")
        }
        let present = c.values.flatMap { $0.compactMap { $0 } }
        try ChartLayout.requireFinite(present, "cell value", chart)
        let lo = present.min() ?? 0
        let hi = present.max() ?? 0
        let legend: LegendContent? =
            present.isEmpty
            ? nil
            : .colorScale(low: c.valueFormat.format(lo), high: c.valueFormat.format(hi), caption: c.scaleTitle)
        let header = Header.layout(title: chart.title, subtitle: chart.subtitle, legend: legend, ctx: ctx)
        guard !present.isEmpty else { return header.items + ChartLayout.noData(top: header.bottom, ctx: ctx) }

        let spec = PlotSpec(
            x: .bands(c.columnLabels), y: .bands(c.rowLabels), xTitle: c.columnTitle, yTitle: c.rowTitle,
            top: header.bottom, bandPadding: 0, bottomAxisLine: false, xLabelLines: 12, xLabelHeightShare: 0.5,
            yLabelLines: 3)
        let frame = PlotFrame.layout(spec, ctx: ctx)
        var items = header.items
        guard let cols = frame.x.bands, let rows = frame.y.bands else { return items }
        let valueSize = 12.0
        let noteSize = 10.0
        let vm = ctx.measurer.metrics(size: valueSize, bold: true)
        let nm = ctx.measurer.metrics(size: noteSize)
        for r in c.rowLabels.indices {
            for k in c.columnLabels.indices {
                let cell = Rect(
                    x: cols.bandStart(k) + 1, y: rows.bandStart(r) + 1, width: cols.bandWidth - 2,
                    height: rows.bandWidth - 2)
                guard let v = c.values[r][k] else {
                    items.append(.rect(cell, fill: ctx.palette.grid))
                    continue
                }
                let fill = ctx.palette.sequential(at: hi > lo ? (v - lo) / (hi - lo) : 0.5)
                items.append(.rect(cell, fill: fill))
                let room = cell.width - 8
                let value = c.valueFormat.format(v)
                guard ctx.measurer.width(value, size: valueSize, bold: true) <= room, cell.height >= vm.lineHeight + 2
                else { continue }
                let color = ctx.palette.label(on: fill)
                var note = c.notes?[r][k].map { ctx.measurer.truncate($0, maxWidth: room, size: noteSize) } ?? ""
                if cell.height < vm.lineHeight + nm.lineHeight + 6 { note = "" }
                let cx = cell.minX + cell.width / 2
                let cy = cell.minY + cell.height / 2
                if note.isEmpty {
                    items.append(
                        .text(
                            ctx.measurer.item(
                                value, x: cx, y: cy, size: valueSize, bold: true, color: color,
                                role: .cellLabel, anchor: .middle, baseline: .middle)))
                } else {
                    let top = cy - (vm.lineHeight + nm.lineHeight + 1) / 2
                    items.append(
                        .text(
                            ctx.measurer.item(
                                value, x: cx, y: top, size: valueSize, bold: true, color: color,
                                role: .cellLabel, anchor: .middle, baseline: .top)))
                    items.append(
                        .text(
                            ctx.measurer.item(
                                note, x: cx, y: top + vm.lineHeight + 1, size: noteSize, color: color,
                                role: .cellLabel, anchor: .middle, baseline: .top)))
                }
            }
        }
        return items + frame.foreground
    }
}
