/// Title, subtitle (up to two lines) and legend at the top of every chart.
enum Header {
    /// Scene items and the y where the plot area may start.
    static func layout(title: String, subtitle: String, legend: LegendContent?, ctx: LayoutContext) -> (
        items: [SceneItem], bottom: Double
    ) {
        var items: [SceneItem] = []
        let maxWidth = ctx.width - 2 * ctx.pad
        var y = ctx.pad
        let tm = ctx.measurer.metrics(size: LayoutContext.titleSize, bold: true)
        let titleText = ctx.measurer.truncate(title, maxWidth: maxWidth, size: LayoutContext.titleSize, bold: true)
        if !titleText.isEmpty {
            items.append(
                .text(
                    ctx.measurer.item(
                        titleText, x: ctx.pad, y: y, size: LayoutContext.titleSize, bold: true,
                        color: ctx.palette.text, role: .title, baseline: .top)))
            y += tm.lineHeight + 2
        }
        let sm = ctx.measurer.metrics(size: LayoutContext.subtitleSize)
        for line in ctx.measurer.wrap(subtitle, maxWidth: maxWidth, size: LayoutContext.subtitleSize, maxLines: 2) {
            items.append(
                .text(
                    ctx.measurer.item(
                        line, x: ctx.pad, y: y, size: LayoutContext.subtitleSize,
                        color: ctx.palette.mutedText, role: .subtitle, baseline: .top)))
            y += sm.lineHeight
        }
        if let legend {
            y += 10
            let l = LegendLayout.layout(legend, top: y, ctx: ctx)
            items += l.items
            y = l.bottom
        }
        return (items, y + 14)
    }
}
