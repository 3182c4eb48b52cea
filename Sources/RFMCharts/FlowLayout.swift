/// Layout of `FlowChart`: two columns of node bars sized by their totals, curved bands between them sized by the
/// flows, node labels outside the bars and column titles above them.
enum FlowLayout {
    /// One node bar and its label.
    struct Node: Equatable {
        /// Index into `sources` or `targets`.
        var index: Int
        var total: Double
        var rect: Rect
        var color: RGBA
    }

    /// One band: its two ends as vertical spans on the facing edges of the node bars.
    struct Band: Equatable {
        var source: Int
        var target: Int
        var value: Double
        var left: ClosedRange<Double>
        var right: ClosedRange<Double>
        var fill: RGBA
    }

    /// The geometry of a flow chart, before it becomes scene items.
    struct Plan {
        var sources: [Node]
        var targets: [Node]
        var bands: [Band]
        var labels: [TextItem]
        var titles: [TextItem]
        /// Customers per px of node height.
        var scale: Double
    }

    static let barWidth = 14.0
    static let nodeGap = 10.0
    static let labelGap = 7.0
    static let bandAlpha = 0.4
    /// Label sizes tried in turn until the labels fit beside nodes still tall enough to read.
    static let labelSizes = [LayoutContext.labelSize, LayoutContext.smallSize, 10.0]

    static func items(_ c: FlowChart, chart: Chart, ctx: LayoutContext) throws(ChartError) -> [SceneItem] {
        let colours = try validate(c, chart: chart, ctx: ctx)
        let header = Header.layout(title: chart.title, subtitle: chart.subtitle, legend: nil, ctx: ctx)
        guard let plan = plan(c, colours: colours, top: header.bottom, ctx: ctx) else {
            return header.items + ChartLayout.noData(top: header.bottom, ctx: ctx)
        }
        var items = header.items
        let xL = plan.sources.first?.rect.maxX ?? 0
        let xR = plan.targets.first?.rect.minX ?? 0
        for b in plan.bands { items.append(.path(bandOutline(b, from: xL, to: xR), fill: b.fill)) }
        for n in plan.sources + plan.targets { items.append(.rect(n.rect, fill: n.color)) }
        items += (plan.titles + plan.labels).map { .text($0) }
        return items
    }

    /// Checks shapes, values and colours; returns the parsed source and target colours.
    static func validate(_ c: FlowChart, chart: Chart, ctx: LayoutContext) throws(ChartError) -> (
        sources: [RGBA], targets: [RGBA]
    ) {
        guard c.flows.count == c.sources.count, c.flows.allSatisfy({ $0.count == c.targets.count }) else {
            throw ChartLayout.invalid(chart, "flows must be \(c.sources.count) sources × \(c.targets.count) targets")
        }
        for (i, row) in c.flows.enumerated() {
            try ChartLayout.requireFinite(row, "flow from \"\(c.sources[i])\" to target", chart)
            if let k = row.firstIndex(where: { $0 < 0 }) {
                throw ChartLayout.invalid(
                    chart, "flow \(row[k]) from \"\(c.sources[i])\" to \"\(c.targets[k])\" is negative")
            }
        }
        func parse(_ hex: [String]?, _ count: Int, _ field: String) throws(ChartError) -> [RGBA] {
            guard let hex else { return (0..<count).map { ctx.palette.series($0) } }
            guard hex.count == count else {
                throw ChartLayout.invalid(chart, "\(hex.count) \(field) for \(count) nodes")
            }
            var out: [RGBA] = []
            for (i, h) in hex.enumerated() { out.append(try RGBA(hex: h, field: "\(field)[\(i)]")) }
            return out
        }
        return (
            try parse(c.sourceColours, c.sources.count, "sourceColours"),
            try parse(c.targetColours, c.targets.count, "targetColours")
        )
    }

    /// Places nodes, bands, labels and titles below `top`; nil when there is nothing to draw.
    static func plan(_ c: FlowChart, colours: (sources: [RGBA], targets: [RGBA]), top: Double, ctx: LayoutContext)
        -> Plan?
    {
        let sourceTotals = c.flows.map { $0.reduce(0, +) }
        let targetTotals = c.targets.indices.map { k in c.flows.reduce(0) { $0 + $1[k] } }
        let total = sourceTotals.reduce(0, +)
        guard total > 0, total.isFinite else { return nil }
        let left = sourceTotals.indices.filter { sourceTotals[$0] > 0 }
        let right = targetTotals.indices.filter { targetTotals[$0] > 0 }

        // Column titles take one row above the nodes.
        let titleSize = LayoutContext.labelSize
        let tm = ctx.measurer.metrics(size: titleSize, bold: true)
        let hasTitles = [c.leftTitle, c.rightTitle].contains { !($0 ?? "").isEmpty }
        let areaTop = top + (hasTitles ? tm.lineHeight + 8 : 0)
        let areaBottom = ctx.height - ctx.pad
        let areaHeight = max(1, areaBottom - areaTop)
        let maxLabelWidth = max(0, (ctx.width - 2 * ctx.pad) * 0.27)

        // Per label size: the labels, their widths and the largest scale at which they fit beside the nodes.
        var chosen: (size: Double, left: [Label], right: [Label], scale: Double, thin: Bool)?
        var best: (size: Double, left: [Label], right: [Label], scale: Double)?
        let plainScale = (areaHeight - nodeGap * Double(max(left.count, right.count) - 1)) / total
        for size in labelSizes {
            let l = labels(
                left, names: c.sources, totals: sourceTotals, format: c.valueFormat, size: size,
                maxWidth: maxLabelWidth, ctx: ctx)
            let r = labels(
                right, names: c.targets, totals: targetTotals, format: c.valueFormat, size: size,
                maxWidth: maxLabelWidth, ctx: ctx)
            let pitch = labelPitch(size, ctx: ctx)
            let heights = [left.map { sourceTotals[$0] }, right.map { targetTotals[$0] }]
            guard let k = largestScale(heights, pitch: pitch, room: areaHeight, upper: max(0, plainScale)) else {
                continue
            }
            if best == nil || k > best!.scale { best = (size, l, r, k) }
            if k >= 0.6 * plainScale {
                chosen = (size, l, r, k, false)
                break
            }
        }
        if chosen == nil {
            if let best {
                chosen = (best.size, best.left, best.right, best.scale, false)
            } else {
                // Too many nodes for every label: full-size nodes, labels thinned (largest nodes first).
                let size = labelSizes.last!
                chosen = (
                    size,
                    labels(
                        left, names: c.sources, totals: sourceTotals, format: c.valueFormat, size: size,
                        maxWidth: maxLabelWidth, ctx: ctx),
                    labels(
                        right, names: c.targets, totals: targetTotals, format: c.valueFormat, size: size,
                        maxWidth: maxLabelWidth, ctx: ctx),
                    max(0, plainScale), true
                )
            }
        }
        guard let chosen else { return nil }
        let pitch = chosen.thin ? 0 : labelPitch(chosen.size, ctx: ctx)

        // Columns: labels outside, bars inside, bands between.
        let leftLabelWidth = chosen.left.map(\.width).max() ?? 0
        let rightLabelWidth = chosen.right.map(\.width).max() ?? 0
        let leftBarX = ctx.pad + (leftLabelWidth > 0 ? leftLabelWidth + labelGap : 0)
        let rightBarX = ctx.width - ctx.pad - (rightLabelWidth > 0 ? rightLabelWidth + labelGap : 0) - barWidth
        guard rightBarX - (leftBarX + barWidth) > 10 else { return nil }

        let k = chosen.scale
        func column(_ indices: [Int], totals: [Double], colours: [RGBA], x: Double) -> [Node] {
            let spans = stack(indices.map { totals[$0] * k }, pitch: pitch)
            let offset = areaTop + (areaHeight - spans.extent) / 2
            return zip(indices, spans.tops).map { i, y in
                Node(
                    index: i, total: totals[i], rect: Rect(x: x, y: offset + y, width: barWidth, height: totals[i] * k),
                    color: colours[i])
            }
        }
        let sources = column(left, totals: sourceTotals, colours: colours.sources, x: leftBarX)
        let targets = column(right, totals: targetTotals, colours: colours.targets, x: rightBarX)

        // Bands leave each source in target order and enter each target in source order, so none cross needlessly.
        var bands: [Band] = []
        var inOffset = Dictionary(uniqueKeysWithValues: targets.map { ($0.index, $0.rect.minY) })
        var outOffset = Dictionary(uniqueKeysWithValues: sources.map { ($0.index, $0.rect.minY) })
        for s in sources {
            for t in targets {
                let v = c.flows[s.index][t.index]
                guard v > 0 else { continue }
                let h = v * k
                let l0 = outOffset[s.index]!
                let r0 = inOffset[t.index]!
                outOffset[s.index] = l0 + h
                inOffset[t.index] = r0 + h
                bands.append(
                    Band(
                        source: s.index, target: t.index, value: v, left: l0...(l0 + h), right: r0...(r0 + h),
                        fill: s.color.withAlpha(bandAlpha)))
            }
        }

        // Labels centred on their nodes; when thinned, larger nodes keep theirs first.
        var placed: [TextItem] = []
        let m = labelMetrics(chosen.size, ctx: ctx)
        func place(_ nodes: [Node], _ texts: [Label], leftSide: Bool) {
            let byIndex = Dictionary(uniqueKeysWithValues: texts.map { ($0.index, $0) })
            var side: [TextItem] = []
            for n in nodes.sorted(by: { $0.total > $1.total }) {
                guard let label = byIndex[n.index], !label.text.isEmpty else { continue }
                let lo = areaTop + m.lineHeight / 2
                let hi = areaBottom - m.lineHeight / 2
                let y = min(max(n.rect.minY + n.rect.height / 2, lo), hi)
                let item = ctx.measurer.item(
                    label.text, x: leftSide ? n.rect.minX - labelGap : n.rect.maxX + labelGap, y: y,
                    size: chosen.size, color: ctx.palette.text, role: .valueLabel,
                    anchor: leftSide ? .end : .start, baseline: .middle)
                if side.contains(where: { $0.bounds.intersects(item.bounds) }) { continue }
                side.append(item)
            }
            placed += side.sorted { $0.origin.y < $1.origin.y }
        }
        place(sources, chosen.left, leftSide: true)
        place(targets, chosen.right, leftSide: false)

        // Column titles: the left one ends over the left bars, the right one starts over the right bars.
        var titles: [TextItem] = []
        let titleY = areaTop - 8
        if let t = c.leftTitle, !t.isEmpty {
            let text = ctx.measurer.truncate(
                t, maxWidth: min(leftBarX + barWidth, ctx.width / 2 - 4) - ctx.pad, size: titleSize, bold: true)
            let w = ctx.measurer.width(text, size: titleSize, bold: true)
            if !text.isEmpty {
                titles.append(
                    ctx.measurer.item(
                        text, x: max(ctx.pad + w, leftBarX + barWidth), y: titleY, size: titleSize, bold: true,
                        color: ctx.palette.mutedText, role: .axisTitle, anchor: .end, baseline: .bottom))
            }
        }
        if let t = c.rightTitle, !t.isEmpty {
            let start = max(rightBarX, ctx.width / 2 + 4)
            let text = ctx.measurer.truncate(t, maxWidth: ctx.width - ctx.pad - start, size: titleSize, bold: true)
            let w = ctx.measurer.width(text, size: titleSize, bold: true)
            if !text.isEmpty {
                titles.append(
                    ctx.measurer.item(
                        text, x: min(rightBarX, ctx.width - ctx.pad - w), y: titleY, size: titleSize, bold: true,
                        color: ctx.palette.mutedText, role: .axisTitle, baseline: .bottom))
            }
        }
        return Plan(sources: sources, targets: targets, bands: bands, labels: placed, titles: titles, scale: k)
    }

    /// A band's outline: top edge curving from left to right, down the target bar, bottom edge curving back.
    static func bandOutline(_ b: Band, from xL: Double, to xR: Double) -> [PathElement] {
        let xm = (xL + xR) / 2
        return [
            .move(Point(x: xL, y: b.left.lowerBound)),
            .curve(
                Point(x: xm, y: b.left.lowerBound), Point(x: xm, y: b.right.lowerBound),
                to: Point(x: xR, y: b.right.lowerBound)),
            .line(Point(x: xR, y: b.right.upperBound)),
            .curve(
                Point(x: xm, y: b.right.upperBound), Point(x: xm, y: b.left.upperBound),
                to: Point(x: xL, y: b.left.upperBound)),
            .close,
        ]
    }

    /// A node label's text ("Champions 775", the name shortened with "…" to fit) and width.
    struct Label {
        var index: Int
        var text: String
        var width: Double
    }

    private static func labels(
        _ indices: [Int], names: [String], totals: [Double], format: ValueFormat, size: Double,
        maxWidth: Double, ctx: LayoutContext
    ) -> [Label] {
        indices.map { i in
            let value = format.format(totals[i])
            let full = names[i].isEmpty ? value : names[i] + " " + value
            var text = full
            if ctx.measurer.width(full, size: size) > maxWidth {
                let suffix = " " + value
                let name = ctx.measurer.truncate(
                    names[i], maxWidth: maxWidth - ctx.measurer.width(suffix, size: size), size: size)
                text = name.isEmpty ? ctx.measurer.truncate(value, maxWidth: maxWidth, size: size) : name + suffix
            }
            return Label(index: i, text: text, width: ctx.measurer.width(text, size: size))
        }
    }

    private static func labelMetrics(_ size: Double, ctx: LayoutContext) -> FontMetrics {
        ctx.measurer.metrics(size: size)
    }

    /// Smallest distance between the centres of two neighbouring labels.
    private static func labelPitch(_ size: Double, ctx: LayoutContext) -> Double {
        labelMetrics(size, ctx: ctx).lineHeight + 2
    }

    /// Node tops (relative to the column's top) and the column's extent for node heights `h`: at least `nodeGap`
    /// between bars and at least `pitch` between the centres of neighbours, with room for the end labels.
    static func stack(_ h: [Double], pitch: Double) -> (tops: [Double], extent: Double) {
        guard let first = h.first, let last = h.last else { return ([], 0) }
        var y = max(0, pitch / 2 - first / 2)
        var tops: [Double] = []
        for (i, height) in h.enumerated() {
            if i > 0 { y += max(nodeGap, pitch - (h[i - 1] + height) / 2) }
            tops.append(y)
            y += height
        }
        return (tops, y + max(0, pitch / 2 - last / 2))
    }

    /// The largest px-per-customer scale (≤ `upper`) at which every column fits `room`; nil if none does.
    private static func largestScale(_ columns: [[Double]], pitch: Double, room: Double, upper: Double) -> Double? {
        func fits(_ k: Double) -> Bool {
            columns.allSatisfy { stack($0.map { $0 * k }, pitch: pitch).extent <= room + 1e-9 }
        }
        guard fits(0) else { return nil }
        if fits(upper) { return upper }
        var lo = 0.0
        var hi = upper
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if fits(mid) { lo = mid } else { hi = mid }
        }
        return lo
    }
}
