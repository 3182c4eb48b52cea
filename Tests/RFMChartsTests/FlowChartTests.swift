import Foundation
import Testing

@testable import RFMCharts

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A month of segment migration: 7 segments plus new customers last month, 7 segments this month, 4,300 customers.
enum FlowFixtures {
    static let segments = [
        "Champions", "Loyal", "Potential Loyalists", "Promising", "Needs Attention", "At Risk", "Hibernating",
    ]
    static let sources = ["New customers"] + segments
    static let flows: [[Double]] = [
        [0, 0, 62, 95, 0, 0, 23],  // New customers 180
        [668, 61, 0, 0, 18, 13, 0],  // Champions 760
        [74, 742, 21, 0, 31, 22, 0],  // Loyal 890
        [21, 48, 521, 12, 26, 0, 12],  // Potential Loyalists 640
        [0, 0, 57, 301, 38, 0, 24],  // Promising 420
        [0, 19, 14, 0, 402, 49, 26],  // Needs Attention 510
        [12, 0, 0, 0, 21, 379, 58],  // At Risk 470
        [0, 0, 0, 9, 7, 31, 383],  // Hibernating 430
    ]
    static let segmentColours = Array(ChartPalette.standard.series.prefix(7))

    static func chart(width: Double = 900, height: Double = 520, flows: [[Double]] = flows) -> Chart {
        Chart(
            title: "How customers moved between segments",
            subtitle: "Customers by segment last month and this month; bands show where each segment's customers went",
            kind: .flow(
                FlowChart(
                    sources: sources, targets: segments, flows: flows,
                    sourceColours: ["#8C96A3"] + segmentColours, targetColours: segmentColours,
                    valueFormat: .integer, leftTitle: "Last month", rightTitle: "This month")),
            width: width, height: height)
    }

    /// The chart's flow plan, laid out as `ChartLayout` would.
    static func plan(_ chart: Chart) throws -> FlowLayout.Plan? {
        guard case .flow(let c) = chart.kind else { return nil }
        let palette = try ResolvedPalette(chart.palette)
        let ctx = LayoutContext(
            width: chart.width, height: chart.height, palette: palette,
            measurer: try TextMeasurer(fontFamily: palette.fontFamily))
        let colours = try FlowLayout.validate(c, chart: chart, ctx: ctx)
        let header = Header.layout(title: chart.title, subtitle: chart.subtitle, legend: nil, ctx: ctx)
        return FlowLayout.plan(c, colours: colours, top: header.bottom, ctx: ctx)
    }
}

/// Element names, ids and references of an SVG.
private final class FlowSVGCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var ids: [String] = []
    var references: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        elements.append(name)
        for (key, value) in attributes {
            if key == "id" { ids.append(value) }
            if key.hasSuffix("href"), value.hasPrefix("#") { references.append(String(value.dropFirst())) }
            var rest = Substring(value)
            while let r = rest.range(of: "url(#") {
                let tail = rest[r.upperBound...]
                references.append(String(tail.prefix { $0 != ")" }))
                rest = tail
            }
        }
    }
}

@Suite struct FlowChartTests {
    @Test func nodeHeightsAreProportionalToTotals() throws {
        let plan = try #require(try FlowFixtures.plan(FlowFixtures.chart()))
        #expect(plan.sources.count == 8 && plan.targets.count == 7)
        #expect(plan.scale > 0)
        for n in plan.sources + plan.targets {
            #expect(abs(n.rect.height - n.total * plan.scale) < 1e-9)
        }
        #expect(plan.sources.map(\.total) == FlowFixtures.flows.map { $0.reduce(0, +) })
        #expect(abs(plan.sources.map(\.total).reduce(0, +) - 4300) < 1e-9)
        // Top to bottom in the given order, apart from each other.
        for column in [plan.sources, plan.targets] {
            for (a, b) in zip(column, column.dropFirst()) {
                #expect(b.rect.minY >= a.rect.maxY + FlowLayout.nodeGap - 1e-9)
            }
        }
    }

    @Test func bandEndsFillTheirNodes() throws {
        let plan = try #require(try FlowFixtures.plan(FlowFixtures.chart()))
        #expect(plan.bands.count == FlowFixtures.flows.joined().filter { $0 > 0 }.count)
        for n in plan.sources {
            let ends = plan.bands.filter { $0.source == n.index }.map(\.left)
            #expect(abs(ends.reduce(0) { $0 + $1.upperBound - $1.lowerBound } - n.rect.height) < 1e-6)
            #expect(abs(ends.first!.lowerBound - n.rect.minY) < 1e-6 && abs(ends.last!.upperBound - n.rect.maxY) < 1e-6)
            for (a, b) in zip(ends, ends.dropFirst()) { #expect(abs(a.upperBound - b.lowerBound) < 1e-6) }
            // Within a source, bands leave in target order.
            let targets = plan.bands.filter { $0.source == n.index }.map(\.target)
            #expect(targets == targets.sorted())
        }
        for n in plan.targets {
            let ends = plan.bands.filter { $0.target == n.index }.map(\.right)
            #expect(abs(ends.reduce(0) { $0 + $1.upperBound - $1.lowerBound } - n.rect.height) < 1e-6)
            for (a, b) in zip(ends, ends.dropFirst()) { #expect(abs(a.upperBound - b.lowerBound) < 1e-6) }
            let sources = plan.bands.filter { $0.target == n.index }.map(\.source)
            #expect(sources == sources.sorted())
        }
        // Each band is one filled Bézier outline, at 40% of its source's colour.
        let scene = try ChartLayout.scene(for: FlowFixtures.chart())
        let paths = scene.items.compactMap { if case .path(let p, let fill) = $0 { (p, fill) } else { nil } }
        #expect(paths.count == plan.bands.count)
        #expect(
            paths.allSatisfy { path, fill in
                abs(fill.a - FlowLayout.bandAlpha) < 1e-9
                    && path.contains { if case .curve = $0 { true } else { false } }
            })
    }

    @Test(arguments: LayoutTests.sizes) func labelsStayOnCanvasAndApart(width: Double, height: Double) throws {
        let chart = FlowFixtures.chart(width: width, height: height)
        let scene = try ChartLayout.scene(for: chart)
        let canvas = Rect(x: 0, y: 0, width: width, height: height)
        let texts = scene.texts()
        for t in texts {
            #expect(canvas.contains(t.bounds), "\(width)×\(height): \"\(t.text)\" at \(t.bounds) is off the canvas")
        }
        for (i, a) in texts.enumerated() {
            for b in texts[(i + 1)...] {
                #expect(
                    !polygonsOverlap(a.corners, b.corners), "\(width)×\(height): \"\(a.text)\" overlaps \"\(b.text)\"")
            }
        }
        // Labels never cover a node bar or reach into the bands.
        let plan = try #require(try FlowFixtures.plan(chart))
        let bars = (plan.sources + plan.targets).map(\.rect)
        for t in scene.texts(.valueLabel) {
            #expect(!bars.contains { $0.intersects(t.bounds) }, "\(width)×\(height): \"\(t.text)\" covers a bar")
            #expect(
                t.bounds.maxX <= plan.sources[0].rect.minX + 0.01 || t.bounds.minX >= plan.targets[0].rect.maxX - 0.01)
        }
        if width >= 900 {
            let labels = Set(scene.texts(.valueLabel).map(\.text))
            #expect(labels.isSuperset(of: ["New customers 180", "Champions 760", "Champions 775", "Hibernating 526"]))
            #expect(labels.count == 15)
            #expect(scene.texts(.axisTitle).map(\.text) == ["Last month", "This month"])
        }
    }

    @Test func manyNodesOnASmallCanvasStillFit() throws {
        let names = (1...30).map { "Segment with a long name number \($0)" }
        let flows = names.indices.map { i in
            names.indices.map { k in i == k ? 100.0 + Double(i) : (abs(i - k) == 1 ? 3 : 0) }
        }
        let chart = Chart(
            title: "Crowded", kind: .flow(FlowChart(sources: names, targets: names, flows: flows)), width: 360,
            height: 240)
        let scene = try ChartLayout.scene(for: chart)
        let canvas = Rect(x: 0, y: 0, width: 360, height: 240)
        let texts = scene.texts()
        #expect(!scene.texts(.valueLabel).isEmpty)
        #expect(scene.texts(.valueLabel).contains { $0.text.contains("…") })
        for t in texts { #expect(canvas.contains(t.bounds), "\"\(t.text)\" off canvas") }
        for (i, a) in texts.enumerated() {
            for b in texts[(i + 1)...] { #expect(!a.bounds.intersects(b.bounds), "\"\(a.text)\" / \"\(b.text)\"") }
        }
        _ = try ChartRenderer.png(chart)
    }

    @Test func zeroFlowsAndEmptyNodesDrawNothing() throws {
        var flows = FlowFixtures.flows
        flows[0] = Array(repeating: 0, count: 7)  // no new customers
        for r in flows.indices { flows[r][3] = 0 }  // nobody is Promising this month
        let chart = FlowFixtures.chart(flows: flows)
        let plan = try #require(try FlowFixtures.plan(chart))
        #expect(!plan.sources.contains { $0.index == 0 })
        #expect(!plan.targets.contains { $0.index == 3 })
        #expect(!plan.bands.contains { $0.value == 0 || $0.source == 0 || $0.target == 3 })
        let labels = try ChartLayout.scene(for: chart).texts(.valueLabel).map(\.text)
        #expect(!labels.contains { $0.hasPrefix("New customers") })
        #expect(labels.filter { $0.hasPrefix("Promising") }.count == 1)  // still a source, no longer a target
        #expect(labels.count == 13)

        let zeros = FlowFixtures.chart(flows: FlowFixtures.flows.map { $0.map { _ in 0 } })
        let scene = try ChartLayout.scene(for: zeros)
        #expect(scene.texts(.note).first?.text == "No data to show")
        #expect(!scene.items.contains { if case .path = $0 { true } else { false } })
        _ = try ChartRenderer.png(zeros)
        let empty = Chart(title: "Empty", kind: .flow(FlowChart(sources: [], targets: [], flows: [])))
        #expect(try ChartLayout.scene(for: empty).texts(.note).first?.text == "No data to show")
    }

    @Test func pngHasExpectedSizeAndIsNotBlank() throws {
        let decoded = try #require(PNGDecoder(try ChartRenderer.png(FlowFixtures.chart())))
        #expect(decoded.width == 900 && decoded.height == 520)
        #expect(decoded.distinctColors >= 20)
        let doubled = try #require(PNGDecoder(try ChartRenderer.png(FlowFixtures.chart(), scale: 2)))
        #expect(doubled.width == 1800 && doubled.height == 1040)
        // Writes the example for a person to look at when asked.
        if let path = ProcessInfo.processInfo.environment["RFM_FLOW_EXAMPLE"] {
            try ChartRenderer.png(FlowFixtures.chart(), scale: 2).write(to: URL(fileURLWithPath: path))
        }
    }

    @Test func svgIsWellFormedWithPrefixedIds() throws {
        let prefix = "flow-"
        let svg = try ChartRenderer.svg(FlowFixtures.chart(), idPrefix: prefix)
        let collector = FlowSVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(collector.elements.first == "svg")
        #expect(collector.elements.filter { $0 == "path" }.count >= FlowFixtures.flows.joined().filter { $0 > 0 }.count)
        #expect(svg.contains("fill-opacity:0.4") || svg.contains("fill-opacity=\"0.4\""))
        #expect(!collector.ids.isEmpty)
        #expect(collector.ids.allSatisfy { $0.hasPrefix(prefix) })
        #expect(collector.references.allSatisfy { $0.hasPrefix(prefix) })
        #expect(Set(collector.references).isSubset(of: Set(collector.ids)))
        #expect(try svg == ChartRenderer.svg(FlowFixtures.chart(), idPrefix: prefix))
    }

    @Test func invalidInputThrows() {
        func chart(_ f: FlowChart) -> Chart { Chart(title: "Bad flow", kind: .flow(f)) }
        let ab = ["A", "B"]
        let bad = [
            chart(FlowChart(sources: ab, targets: ab, flows: [[1, 2]])),
            chart(FlowChart(sources: ab, targets: ab, flows: [[1, 2], [3]])),
            chart(FlowChart(sources: ab, targets: ab, flows: [[1, 2], [3, -1]])),
            chart(FlowChart(sources: ab, targets: ab, flows: [[1, .nan], [3, 4]])),
            chart(FlowChart(sources: ab, targets: ab, flows: [[1, .infinity], [3, 4]])),
            chart(FlowChart(sources: ab, targets: ab, flows: [[1, 2], [3, 4]], sourceColours: ["#112233"])),
            chart(FlowChart(sources: ab, targets: ab, flows: [[1, 2], [3, 4]], targetColours: ["#112233", "red"])),
        ]
        for c in bad {
            #expect(throws: ChartError.self) { try ChartLayout.scene(for: c) }
            #expect(throws: ChartError.self) { try ChartRenderer.png(c) }
            #expect(throws: ChartError.self) { try ChartRenderer.svg(c, idPrefix: "x") }
        }
    }
}
