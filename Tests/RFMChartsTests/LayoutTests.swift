import Testing

@testable import RFMCharts

@Suite struct LayoutTests {
    static let sizes: [(Double, Double)] = [(900, 520), (600, 400), (360, 240), (1400, 800)]

    @Test(arguments: sizes) func ticksNeverOverlapAndStayOnCanvas(width: Double, height: Double) throws {
        for chart in Fixtures.all(width: width, height: height) {
            let scene = try ChartLayout.scene(for: chart)
            let canvas = Rect(x: 0, y: 0, width: width, height: height)
            for role in [TextRole.xTick, .yTick] {
                let labels = scene.texts(role)
                for (i, a) in labels.enumerated() {
                    for b in labels[(i + 1)...] {
                        #expect(
                            !polygonsOverlap(a.corners, b.corners),
                            "\(chart.title) \(width)×\(height): \"\(a.text)\" overlaps \"\(b.text)\"")
                    }
                }
            }
            for t in scene.texts() {
                #expect(
                    canvas.contains(t.bounds),
                    "\(chart.title) \(width)×\(height): \"\(t.text)\" at \(t.bounds) is off the canvas")
            }
        }
    }

    @Test(arguments: sizes) func highlightAtTheLeftEdgeKeepsOffTheTickLabels(width: Double, height: Double) throws {
        let chart = Chart(
            title: "Model selection",
            kind: .lines(
                LineChart(
                    x: [2, 3, 4, 5, 6, 7, 8],
                    series: [
                        LineSeries(name: "KMeans", values: [0.43, 0.33, 0.33, 0.31, 0.31, 0.30, 0.28])
                    ],
                    highlight: LineHighlight(series: 0, index: 0, label: "Best: KMeans, k = 2 (0.431)"))), width: width,
            height: height)
        let scene = try ChartLayout.scene(for: chart)
        let callOut = try #require(scene.texts(.annotation).first)
        for tick in scene.texts(.yTick) {
            #expect(!callOut.bounds.intersects(tick.bounds), "\(width)×\(height): the call-out covers \"\(tick.text)\"")
        }
    }

    @Test func longCategoryNamesRotateThinAndTruncate() throws {
        let chart = Fixtures.all()[9]
        let ticks = try ChartLayout.scene(for: chart).texts(.xTick)
        #expect(ticks.allSatisfy { $0.angle != 0 })
        #expect(ticks.count < Fixtures.longNames.count)
        #expect(ticks.contains { $0.text.hasSuffix("…") })
    }

    @Test func fewShortCategoriesStayHorizontal() throws {
        let ticks = try ChartLayout.scene(for: Fixtures.all()[1]).texts(.xTick)
        #expect(ticks.allSatisfy { $0.angle == 0 })
        #expect(Set(ticks.map(\.text)).isSuperset(of: ["Champions", "At Risk", "Hibernating"]))
    }

    @Test func leftMarginFitsWidestYLabel() throws {
        let scene = try ChartLayout.scene(for: Fixtures.all()[1])
        let widest = scene.texts(.yTick).max { $0.width < $1.width }!
        #expect(widest.text == "£1,000,000")
        #expect(widest.bounds.minX >= 19.99)
    }

    @Test func legendWraps() {
        #expect(LegendLayout.rows(widths: [100, 100, 100], maxWidth: 250, gap: 18) == [[0, 1], [2]])
        #expect(LegendLayout.rows(widths: [300, 50], maxWidth: 250, gap: 18) == [[0], [1]])
        #expect(LegendLayout.rows(widths: [], maxWidth: 250) == [])
    }

    @Test func legendOfManySeriesWrapsInsideCanvas() throws {
        let series = (1...12).map { ChartSeries(name: "Cluster number \($0)", values: [Double($0), 2]) }
        let chart = Chart(
            title: "Wrap", kind: .groupedBars(GroupedBarChart(categories: ["A", "B"], series: series)), width: 500,
            height: 400)
        let legend = try ChartLayout.scene(for: chart).texts(.legend)
        #expect(legend.count == 12)
        #expect(Set(legend.map(\.origin.y)).count > 1)
        #expect(legend.allSatisfy { $0.bounds.maxX <= 480.01 })
        for (i, a) in legend.enumerated() { for b in legend[(i + 1)...] { #expect(!a.bounds.intersects(b.bounds)) } }
    }

    @Test func labelsOnFillsAreReadable() throws {
        let palette = try ResolvedPalette(.standard)
        #expect(RGBA.contrast(palette.text, palette.background) >= 4.5)
        #expect(RGBA.contrast(palette.mutedText, palette.background) >= 4.5)
        for fill in palette.series + (0...20).map({ palette.sequential(at: Double($0) / 20) }) {
            #expect(RGBA.contrast(palette.label(on: fill), fill) >= 4.5)
        }
    }

    @Test func histogramBins() {
        let h = Histogram(values: [1, 2, 2, 3, 10, 99.5, .nan], maxBins: 10)
        let (bins, omitted) = h.bins()
        #expect(omitted == 1)
        #expect(bins.reduce(0) { $0 + $1.count } == 6)
        #expect(bins.first!.lower <= 1 && bins.last!.upper >= 99.5)
        let log = Histogram(values: [0, -1, 1, 10, 100, 1000], valueAxis: ValueAxis(scale: .log10)).bins()
        #expect(log.omitted == 2)
        #expect(log.bins.reduce(0) { $0 + $1.count } == 4)
        let orders = Histogram(values: [1, 1, 2, 3, 5, 8, 13, 40], valueAxis: ValueAxis(scale: .log10)).bins().bins
        #expect(orders.allSatisfy { $0.lower == $0.lower.rounded() && $0.upper == $0.upper.rounded() })
    }

    @Test func scatterSamplesDeterministically() throws {
        var rng = SplitMix64(seed: 3)
        let points = (0..<1_000_000).map { i in ScatterPoint(x: rng.unit(), y: rng.unit(), category: i % 3) }
        let chart = Chart(
            title: "Big", subtitle: "Recency and spend",
            kind: .scatter(
                ScatterChart(points: points, categoryNames: ["a", "b", "c"], xAxis: ValueAxis(), yAxis: ValueAxis())))
        let a = try ChartLayout.scene(for: chart)
        let b = try ChartLayout.scene(for: chart)
        let dots = a.items.compactMap { if case .dots(let d) = $0 { d } else { nil } }
        #expect(dots.first?.centers.count == 20_000)
        #expect(a.texts(.subtitle).map(\.text).joined(separator: " ").contains("20,000 of 1,000,000 customers shown"))
        #expect(a.items == b.items)
        let sample = deterministicSample(count: 100, keep: 10, seed: 9)
        #expect(sample.count == 10 && sample == sample.sorted() && Set(sample).count == 10)
    }
}
