import Testing

@testable import RFMCharts

/// The migration heatmap names every segment in full (issue 17): column labels wrap onto up to three lines or
/// rotate, but are never cut, and each fits its column, in the PNG's scene and in the SVG.
@Suite struct HeatmapLabelTests {
    static let names = [
        "Champions", "Loyal Customers", "Potential Loyalists", "Promising", "At Risk", "Lost", "Others",
        "Very Long Segment Name Indeed",
    ]

    func chart(columns: [String], width: Double) -> Chart {
        let rows = ["New customers"] + columns
        return Chart(
            title: "From last month's segment to this month's",
            kind: .heatmap(
                Heatmap(
                    rowLabels: rows, columnLabels: columns,
                    values: rows.indices.map { r in columns.indices.map { Double(r * 10 + $0) } },
                    rowTitle: "Last month", columnTitle: "This month", scaleTitle: "Customers")),
            // The report's height (ReportCharts.rowHeight and labelRoom): 44 pixels a row (52 for names longer than
            // 50 characters), and 16 more per column label line beyond two.
            width: width,
            height: 120 + ((columns.map(\.count).max() ?? 0) > 50 ? 52 : 44) * Double(rows.count)
                + 16 * max(0, (Double(columns.map(\.count).max() ?? 0) / 12).rounded(.up) - 2))
    }

    /// The report's size (two chart widths) and a narrower one, with the standard and longer names.
    static let cases: [(width: Double, columns: [String])] = [
        (1256, names), (1256, Array(names.prefix(7))), (1000, names),
        (1256, names + ["Another Rather Long Custom Segment", "Twelve Month Lapsed Big Spenders"]),
        // The longest name a rules file allows (100 characters), among the standard ones.
        (1256, names + [Self.longest]),
    ]
    static let longest = String(
        "Customers Who Bought Once In The Spring Sale And Then Came Back Every Month Since With Bigger Baskets"
            .prefix(100))

    @Test(arguments: cases.indices) func everyColumnLabelIsWholeAndFitsItsColumn(_ k: Int) throws {
        let (width, columns) = Self.cases[k]
        let scene = try ChartLayout.scene(for: chart(columns: columns, width: width))
        let ticks = scene.texts(.xTick)
        #expect(!ticks.contains { $0.text.contains("…") }, "\(ticks.map(\.text))")
        // Every word of every name is on the axis.
        let shown = ticks.map(\.text).joined(separator: " ").split(separator: " ").map(String.init)
        for word in columns.flatMap({ $0.split(separator: " ").map(String.init) }) {
            #expect(shown.contains(word), "\(word) of \(columns) at \(width)")
        }
        // The row labels (last month's segments) are whole too, wrapped onto two lines where one is too narrow.
        let rowTicks = scene.texts(.yTick)
        #expect(!rowTicks.contains { $0.text.contains("…") }, "\(rowTicks.map(\.text))")
        let rowWords = rowTicks.map(\.text).joined(separator: " ").split(separator: " ").map(String.init)
        for word in columns.flatMap({ $0.split(separator: " ").map(String.init) }) {
            #expect(rowWords.contains(word), "row label word \(word)")
        }
        // The columns are the cells of the first row; a horizontal label fits the column it is centred on.
        let cells = scene.items.compactMap { item -> Rect? in
            if case .rect(let r, _) = item, r.width > 20, r.height > 20 { return r }
            return nil
        }
        let firstRowY = try #require(cells.map(\.minY).min())
        let columnsBoxes = cells.filter { abs($0.minY - firstRowY) < 0.5 }.sorted { $0.minX < $1.minX }
        #expect(columnsBoxes.count == columns.count)
        for t in ticks where t.angle == 0 {
            let centre = (t.bounds.minX + t.bounds.maxX) / 2
            let box = try #require(columnsBoxes.first { $0.minX - 1 <= centre && centre <= $0.maxX + 1 })
            #expect(t.width <= box.width + 2, "\"\(t.text)\" (\(t.width) px) in a \(box.width) px column")
        }
        for (i, a) in ticks.enumerated() {
            for b in ticks[(i + 1)...] {
                #expect(!polygonsOverlap(a.corners, b.corners), "\"\(a.text)\" overlaps \"\(b.text)\"")
            }
        }
        // The PNG and the SVG draw this same scene (the SVG's text is glyph outlines): both render.
        #expect(try ChartRenderer.svg(chart(columns: columns, width: width), idPrefix: "h-").hasSuffix("</svg>\n"))
        #expect(try ChartRenderer.png(chart(columns: columns, width: width), scale: 1).count > 1_000)
    }
}
