/// How a legend entry is drawn.
enum LegendSymbol: Sendable { case square, line, dot }

/// One legend entry.
struct LegendEntry: Sendable {
    var name: String
    var color: RGBA
    var symbol: LegendSymbol
}

/// The key shown under the subtitle: named entries, or a colour ramp with its end values.
enum LegendContent: Sendable {
    case entries([LegendEntry])
    case colorScale(low: String, high: String, caption: String?)
}

/// Legend layout: entries flow left to right and wrap onto new rows.
enum LegendLayout {
    static let swatch = 12.0
    static let swatchGap = 6.0
    static let itemGap = 18.0

    /// Splits item widths into rows no wider than `maxWidth` (an item wider than a row gets a row of its own).
    static func rows(widths: [Double], maxWidth: Double, gap: Double = itemGap) -> [[Int]] {
        var rows: [[Int]] = []
        var row: [Int] = []
        var used = 0.0
        for (i, w) in widths.enumerated() {
            let needed = row.isEmpty ? w : used + gap + w
            if !row.isEmpty && needed > maxWidth {
                rows.append(row)
                row = [i]
                used = w
            } else {
                row.append(i)
                used = needed
            }
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// Scene items for the legend starting at `top`; returns the y below it.
    static func layout(_ content: LegendContent, top: Double, ctx: LayoutContext) -> (
        items: [SceneItem], bottom: Double
    ) {
        let size = LayoutContext.labelSize
        let m = ctx.measurer.metrics(size: size)
        let rowHeight = m.lineHeight + 6
        let left = ctx.pad
        let maxWidth = ctx.width - 2 * ctx.pad
        var items: [SceneItem] = []
        switch content {
        case .entries(let entries):
            let textMax = maxWidth - swatch - swatchGap
            let names = entries.map { ctx.measurer.truncate($0.name, maxWidth: textMax, size: size) }
            let widths = names.map { swatch + swatchGap + ctx.measurer.width($0, size: size) }
            let rows = rows(widths: widths, maxWidth: maxWidth)
            for (r, row) in rows.enumerated() {
                var x = left
                let mid = top + Double(r) * rowHeight + m.lineHeight / 2
                for i in row {
                    let e = entries[i]
                    switch e.symbol {
                    case .square:
                        items.append(
                            .rect(Rect(x: x, y: mid - swatch / 2, width: swatch, height: swatch), fill: e.color))
                    case .line:
                        items.append(
                            .line(
                                Point(x: x - 1, y: mid), Point(x: x + swatch + 1, y: mid), stroke: e.color, width: 2.5))
                        items.append(
                            .circle(
                                Point(x: x + swatch / 2, y: mid), radius: 3.5, fill: e.color,
                                stroke: ctx.palette.background, strokeWidth: 1.5))
                    case .dot:
                        items.append(
                            .circle(
                                Point(x: x + swatch / 2, y: mid), radius: swatch / 2 - 1, fill: e.color, stroke: nil,
                                strokeWidth: 0))
                    }
                    items.append(
                        .text(
                            ctx.measurer.item(
                                names[i], x: x + swatch + swatchGap, y: mid, size: size,
                                color: ctx.palette.text, role: .legend, baseline: .middle)))
                    x += widths[i] + itemGap
                }
            }
            return (items, top + Double(rows.count) * rowHeight - 6)
        case .colorScale(let low, let high, let caption):
            let rampWidth = 160.0
            let gap = 8.0
            let mid = top + m.lineHeight / 2
            var x = left
            let fixed = ctx.measurer.width(low, size: size) + ctx.measurer.width(high, size: size) + rampWidth + 2 * gap
            if let caption, !caption.isEmpty {
                let text = ctx.measurer.truncate(
                    caption, maxWidth: max(0, maxWidth - fixed - gap), size: size, bold: true)
                if !text.isEmpty {
                    let t = ctx.measurer.item(
                        text, x: x, y: mid, size: size, bold: true, color: ctx.palette.text, role: .legend,
                        baseline: .middle)
                    items.append(.text(t))
                    x += t.width + gap + 4
                }
            }
            let lowItem = ctx.measurer.item(
                low, x: x, y: mid, size: size, color: ctx.palette.text, role: .legend, baseline: .middle)
            items.append(.text(lowItem))
            x += lowItem.width + gap
            items.append(.gradient(Rect(x: x, y: mid - 6, width: rampWidth, height: 12), stops: ctx.palette.sequential))
            x += rampWidth + gap
            items.append(
                .text(
                    ctx.measurer.item(
                        high, x: x, y: mid, size: size, color: ctx.palette.text, role: .legend, baseline: .middle)))
            return (items, top + m.lineHeight)
        }
    }
}
