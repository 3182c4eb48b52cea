import Foundation

/// What a chart asks of its axes.
struct PlotSpec {
    var x: AxisInput
    var y: AxisInput
    var xTitle: String?
    var yTitle: String?
    /// Where the header ends.
    var top: Double
    /// Room kept above the plot (value labels over vertical bars).
    var topReserve = 0.0
    /// Room kept right of the plot (value labels after horizontal bars).
    var rightReserve = 0.0
    var xGrid = false
    var yGrid = false
    var bandPadding = 0.25
    var bottomAxisLine = true
    /// Lines a horizontal band label may wrap onto before the labels are rotated instead.
    var xLabelLines = 2
    /// The most of the canvas below the header that the x labels may take (rotated labels are truncated to it).
    var xLabelHeightShare = 0.35
    /// Lines a band label on the y axis may wrap onto (when its band is tall enough) before it is truncated.
    var yLabelLines = 1
}

/// The plot rectangle, its two scales, and the axis scene items (grid behind, labels in front).
struct PlotFrame {
    var plot: Rect
    var x: PositionScale
    var y: PositionScale
    var background: [SceneItem] = []
    var foreground: [SceneItem] = []

    static let tickGap = 8.0
    static let rotation = -Double.pi / 4

    /// Places the plot so that every tick label fits on the canvas without overlapping another.
    static func layout(_ spec: PlotSpec, ctx: LayoutContext) -> PlotFrame {
        let m = ctx.labelMetrics
        let size = LayoutContext.labelSize
        var top = spec.top
        var foreground: [SceneItem] = []
        if let t = spec.yTitle, !t.isEmpty {
            let text = ctx.measurer.truncate(t, maxWidth: ctx.width - 2 * ctx.pad, size: size, bold: true)
            foreground.append(
                .text(
                    ctx.measurer.item(
                        text, x: ctx.pad, y: top, size: size, bold: true,
                        color: ctx.palette.mutedText, role: .axisTitle, baseline: .top)))
            top += m.lineHeight + 8
        }
        top += spec.topReserve
        if case .values = spec.y { top += m.lineHeight / 2 }
        var bottomLimit = ctx.height - ctx.pad
        if let t = spec.xTitle, !t.isEmpty { bottomLimit -= m.lineHeight + 8 }
        let right = ctx.width - ctx.pad - spec.rightReserve

        var left = ctx.pad
        var xLabelHeight = m.lineHeight + tickGap
        var ySide = YLabels.empty
        var xSide = XLabels.empty
        for _ in 0..<6 {
            let plotBottom = max(top + 10, bottomLimit - xLabelHeight)
            ySide = YLabels.make(
                spec.y, top: top, bottom: plotBottom, padding: spec.bandPadding, lines: spec.yLabelLines, ctx: ctx)
            let needLeft = ctx.pad + (ySide.maxWidth > 0 ? ySide.maxWidth + tickGap : 0)
            let leftGrew = needLeft > left + 0.5
            left = max(left, needLeft)
            xSide = XLabels.make(
                spec.x, left: left, right: max(left + 10, right), labelTop: plotBottom + tickGap,
                maxHeight: max(m.lineHeight, (ctx.height - spec.top) * spec.xLabelHeightShare),
                padding: spec.bandPadding, lines: spec.xLabelLines, ctx: ctx)
            let needHeight = xSide.height + tickGap
            let heightGrew = needHeight > xLabelHeight + 0.5
            xLabelHeight = max(xLabelHeight, needHeight)
            if !leftGrew && !heightGrew { break }
        }
        let plotBottom = max(top + 10, bottomLimit - xLabelHeight)
        let plot = Rect(x: left, y: top, width: max(10, right - left), height: plotBottom - top)

        var background: [SceneItem] = []
        if spec.yGrid, let v = ySide.scale.values {
            for t in ySide.ticks {
                let y = crisp(v.position(t))
                background.append(
                    .line(Point(x: plot.minX, y: y), Point(x: plot.maxX, y: y), stroke: ctx.palette.grid, width: 1))
            }
        }
        if spec.xGrid, let v = xSide.scale.values {
            for t in xSide.ticks {
                let x = crisp(v.position(t))
                background.append(
                    .line(Point(x: x, y: plot.minY), Point(x: x, y: plot.maxY), stroke: ctx.palette.grid, width: 1))
            }
        }
        if spec.bottomAxisLine {
            let y = crisp(plot.maxY)
            foreground.append(
                .line(Point(x: plot.minX, y: y), Point(x: plot.maxX, y: y), stroke: ctx.palette.axis, width: 1))
        }
        // Y labels right-aligned against the plot, truncated to the room left of it; a wrapped label's lines are
        // centred on its band.
        let room = left - tickGap - ctx.pad
        for (text, pos) in zip(ySide.labels, ySide.positions) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (j, line) in lines.enumerated() {
                let t = ctx.measurer.truncate(String(line), maxWidth: room, size: size)
                let y = pos + (Double(j) - Double(lines.count - 1) / 2) * m.lineHeight
                foreground.append(
                    .text(
                        ctx.measurer.item(
                            t, x: left - tickGap, y: y, size: size, color: ctx.palette.mutedText,
                            role: .yTick, anchor: .end, baseline: .middle)))
            }
        }
        foreground += xSide.items.map { .text($0) }
        if let t = spec.xTitle, !t.isEmpty {
            let text = ctx.measurer.truncate(t, maxWidth: ctx.width - 2 * ctx.pad, size: size, bold: true)
            let w = ctx.measurer.width(text, size: size, bold: true)
            let cx = min(max(plot.minX + plot.width / 2, ctx.pad + w / 2), ctx.width - ctx.pad - w / 2)
            foreground.append(
                .text(
                    ctx.measurer.item(
                        text, x: cx, y: ctx.height - ctx.pad, size: size, bold: true,
                        color: ctx.palette.mutedText, role: .axisTitle, anchor: .middle, baseline: .bottom)))
        }
        return PlotFrame(plot: plot, x: xSide.scale, y: ySide.scale, background: background, foreground: foreground)
    }

    /// Centres a 1 px line on a pixel at scale 1.
    static func crisp(_ v: Double) -> Double { v.rounded(.down) + 0.5 }
}

/// Y axis labels before the left margin is known: texts, their widths and positions.
struct YLabels {
    var scale: PositionScale
    var ticks: [Double]
    var labels: [String]
    var positions: [Double]
    var maxWidth: Double

    static let empty = YLabels(
        scale: .values(ValueScale(lo: 0, hi: 1, log: false, p0: 0, p1: 1)), ticks: [], labels: [], positions: [],
        maxWidth: 0)

    /// `lines`: how many lines a band label may wrap onto when its band is tall enough (joined by a line feed).
    static func make(
        _ axis: AxisInput, top: Double, bottom: Double, padding: Double, lines: Int = 1, ctx: LayoutContext
    ) -> YLabels {
        let size = LayoutContext.labelSize
        let m = ctx.labelMetrics
        switch axis {
        case .bands(let names):
            let bands = BandScale(count: names.count, from: top, to: bottom, padding: padding)
            let every = max(1, Int(((m.lineHeight + 2) / max(bands.step, 0.001)).rounded(.up)))
            let maxW = ctx.width * 0.3
            let fitting = max(1, min(lines, Int(bands.step / m.lineHeight)))
            var labels: [String] = []
            var positions: [Double] = []
            for i in stride(from: 0, to: names.count, by: every) {
                labels.append(
                    fitting > 1
                        ? ctx.measurer.wrap(names[i], maxWidth: maxW, size: size, maxLines: fitting).joined(
                            separator: "\n")
                        : ctx.measurer.truncate(names[i], maxWidth: maxW, size: size))
                positions.append(bands.center(i))
            }
            let w =
                labels.flatMap { $0.split(separator: "\n") }.map { ctx.measurer.width(String($0), size: size) }.max()
                ?? 0
            return YLabels(scale: .bands(bands), ticks: [], labels: labels, positions: positions, maxWidth: w)
        case .values(let input):
            let length = bottom - top
            var maxTicks = max(2, Int(length / 45) + 1)
            while true {
                let (lo, hi, ticks) = input.ticks(maxTicks: maxTicks)
                let scale = ValueScale(lo: lo, hi: hi, log: input.axis.scale == .log10, p0: bottom, p1: top)
                let positions = ticks.map(scale.position)
                let spacing = zip(positions, positions.dropFirst()).map { abs($0 - $1) }.min() ?? .infinity
                if spacing >= m.lineHeight + 4 || maxTicks <= 2 || input.fixedTicks != nil || input.axis.scale == .log10
                {
                    var keep = Array(ticks.indices)
                    if spacing < m.lineHeight + 4 && spacing > 0 {
                        let every = Int(((m.lineHeight + 4) / spacing).rounded(.up))
                        keep = keep.filter { $0 % every == 0 }
                    }
                    let fmt = input.axis.format.tickFormat(for: ticks)
                    let labels = keep.map { fmt.format(ticks[$0]) }
                    let w = labels.map { ctx.measurer.width($0, size: size) }.max() ?? 0
                    return YLabels(
                        scale: .values(scale), ticks: ticks, labels: labels, positions: keep.map { positions[$0] },
                        maxWidth: w)
                }
                maxTicks -= 1
            }
        }
    }
}

/// X axis labels placed for a given plot width: horizontal, wrapped onto two lines, or rotated 45° and thinned.
struct XLabels {
    var scale: PositionScale
    var ticks: [Double]
    var items: [TextItem]
    var height: Double

    static let empty = XLabels(
        scale: .values(ValueScale(lo: 0, hi: 1, log: false, p0: 0, p1: 1)), ticks: [], items: [], height: 0)

    static func make(
        _ axis: AxisInput, left: Double, right: Double, labelTop: Double, maxHeight: Double,
        padding: Double, lines: Int = 2, ctx: LayoutContext
    ) -> XLabels {
        switch axis {
        case .bands(let names):
            return bands(
                names, left: left, right: right, labelTop: labelTop, maxHeight: maxHeight, padding: padding,
                lines: lines, ctx: ctx)
        case .values(let input):
            return values(input, left: left, right: right, labelTop: labelTop, ctx: ctx)
        }
    }

    private static func values(
        _ input: NumericAxisInput, left: Double, right: Double, labelTop: Double, ctx: LayoutContext
    ) -> XLabels {
        let size = LayoutContext.labelSize
        let m = ctx.labelMetrics
        var maxTicks = max(2, Int((right - left) / 70) + 1)
        while true {
            let (lo, hi, ticks) = input.ticks(maxTicks: maxTicks)
            let scale = ValueScale(lo: lo, hi: hi, log: input.axis.scale == .log10, p0: left, p1: right)
            let fmt = input.axis.format.tickFormat(for: ticks)
            let texts = ticks.map { fmt.format($0) }
            let placed: [TextItem] = zip(texts, ticks).map { text, t in
                let w = ctx.measurer.width(text, size: size)
                let x = min(max(scale.position(t), w / 2 + 1), ctx.width - w / 2 - 1)
                return ctx.measurer.item(
                    text, x: x, y: labelTop, size: size, color: ctx.palette.mutedText,
                    role: .xTick, anchor: .middle, baseline: .top)
            }
            let canShrink = maxTicks > 2 && input.fixedTicks == nil && input.axis.scale == .linear
            if let kept = thinned(placed, allowThinning: !canShrink) {
                return XLabels(scale: .values(scale), ticks: ticks, items: kept, height: m.lineHeight)
            }
            maxTicks -= 1
        }
    }

    /// The labels if none collide; otherwise (when allowed) every n-th label for the smallest n that works.
    static func thinned(_ items: [TextItem], allowThinning: Bool, gap: Double = 8) -> [TextItem]? {
        func clear(_ xs: [TextItem]) -> Bool {
            zip(xs, xs.dropFirst()).allSatisfy { a, b in a.bounds.maxX + gap <= b.bounds.minX }
        }
        if clear(items) { return items }
        guard allowThinning else { return nil }
        for every in 2...max(2, items.count) {
            let kept = items.enumerated().filter { $0.offset % every == 0 }.map(\.element)
            if clear(kept) { return kept }
        }
        return Array(items.prefix(1))
    }

    private static func bands(
        _ names: [String], left: Double, right: Double, labelTop: Double, maxHeight: Double,
        padding: Double, lines maxLines: Int, ctx: LayoutContext
    ) -> XLabels {
        let size = LayoutContext.labelSize
        let m = ctx.labelMetrics
        let bands = BandScale(count: names.count, from: left, to: right, padding: padding)
        let room = bands.step - 6
        // 1. Horizontal, up to `maxLines` (normally two) lines per label, when every word fits the band.
        let wrapped = names.map { ctx.measurer.wrap($0, maxWidth: room, size: size, maxLines: maxLines) }
        let fitsFlat =
            room > 0
            && (maxLines <= 2 || Double(wrapped.map(\.count).max() ?? 0) * m.lineHeight <= maxHeight)
            && zip(names, wrapped).allSatisfy { name, lines in
                !lines.contains { $0.hasSuffix("…") && !name.hasSuffix("…") } && !lines.isEmpty
            }
        if fitsFlat || names.isEmpty {
            var items: [TextItem] = []
            for (i, lines) in wrapped.enumerated() {
                for (j, line) in lines.enumerated() {
                    items.append(
                        ctx.measurer.item(
                            line, x: bands.center(i), y: labelTop + Double(j) * m.lineHeight, size: size,
                            color: ctx.palette.mutedText, role: .xTick, anchor: .middle, baseline: .top))
                }
            }
            let lines = wrapped.map(\.count).max() ?? 1
            return XLabels(scale: .bands(bands), ticks: [], items: items, height: Double(max(1, lines)) * m.lineHeight)
        }
        // 2. Rotated 45°, every n-th label so that neighbours clear each other, truncated to fit the canvas.
        let s = sin(Double.pi / 4)
        let every = max(1, Int(((m.lineHeight + 2) / max(bands.step * s, 0.001)).rounded(.up)))
        let middle = (m.descent - m.ascent) / 2
        let maxByHeight = maxHeight / s - m.ascent - m.descent
        var items: [TextItem] = []
        var height = 0.0
        for i in stride(from: 0, to: names.count, by: every) {
            let cx = bands.center(i)
            // Leftmost corner lies (w + middle + ascent)·s left of the tick; keep it right of x = 1.
            let maxByLeft = (cx - 1) / s - middle - m.ascent
            let text = ctx.measurer.truncate(names[i], maxWidth: max(0, min(maxByHeight, maxByLeft)), size: size)
            if text.isEmpty { continue }
            let w = ctx.measurer.width(text, size: size)
            // The end of the text, at mid-height, sits just below-left of the tick; the box top is at labelTop.
            let origin = Point(x: cx - (w + middle) * s, y: labelTop + (w + m.ascent) * s)
            let item = TextItem(
                text: text, origin: origin, angle: rotation, fontSize: size, bold: false, color: ctx.palette.mutedText,
                width: w, ascent: m.ascent, descent: m.descent, role: .xTick)
            height = max(height, item.bounds.maxY - labelTop)
            items.append(item)
        }
        return XLabels(scale: .bands(bands), ticks: [], items: items, height: height)
    }

    static let rotation = -Double.pi / 4
}
