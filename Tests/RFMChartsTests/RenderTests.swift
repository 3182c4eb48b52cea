import Foundation
import Testing

@testable import RFMCharts

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects element names and every id and reference of an SVG.
private final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var rootAttributes: [String: String] = [:]
    var ids: [String] = []
    var references: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        if elements.isEmpty { rootAttributes = attributes }
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

@Suite struct RenderTests {
    @Test func pngHasExpectedSizeAndIsNotBlank() throws {
        for chart in Fixtures.all() {
            let png = try ChartRenderer.png(chart)
            let decoded = try #require(PNGDecoder(png))
            #expect(decoded.width == 900 && decoded.height == 520)
            #expect(decoded.distinctColors >= 6, "\(chart.title) has \(decoded.distinctColors) colours")
        }
    }

    @Test func pngScaleDoublesPixels() throws {
        let png = try ChartRenderer.png(Fixtures.all()[0], scale: 2)
        let decoded = try #require(PNGDecoder(png))
        #expect(decoded.width == 1800 && decoded.height == 1040)
    }

    @Test func svgIsWellFormedWithPrefixedIds() throws {
        for (i, chart) in Fixtures.all().enumerated() {
            let prefix = "chart\(i)-"
            let svg = try ChartRenderer.svg(chart, idPrefix: prefix)
            let collector = SVGCollector()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = collector
            #expect(parser.parse(), "\(chart.title): \(String(describing: parser.parserError))")
            #expect(collector.elements.first == "svg")
            #expect(collector.rootAttributes["role"] == "img")
            #expect(collector.rootAttributes["aria-label"] == chart.title)
            #expect(collector.rootAttributes["width"] == "900px")
            #expect(collector.elements.contains("path") && collector.elements.contains("use"))
            #expect(!collector.ids.isEmpty)
            #expect(collector.ids.allSatisfy { $0.hasPrefix(prefix) })
            #expect(collector.references.allSatisfy { $0.hasPrefix(prefix) })
            #expect(Set(collector.references).isSubset(of: Set(collector.ids)))
        }
    }

    @Test func outputIsDeterministic() throws {
        let chart = Fixtures.all()[6]
        #expect(try ChartRenderer.png(chart) == ChartRenderer.png(chart))
        #expect(try ChartRenderer.svg(chart, idPrefix: "a") == ChartRenderer.svg(chart, idPrefix: "a"))
    }

    @Test func impossibleSizesThrow() {
        for (w, h) in [(0.0, 520.0), (100_000, 520), (900, .nan), (-5, 10)] {
            let chart = Chart(title: "Bad", kind: .bars(BarChart(labels: ["a"], values: [1])), width: w, height: h)
            #expect(throws: ChartError.self) { try ChartRenderer.png(chart) }
            #expect(throws: ChartError.self) { try ChartRenderer.svg(chart, idPrefix: "x") }
        }
        #expect(throws: ChartError.self) { try ChartRenderer.png(Fixtures.all()[0], scale: 40) }
    }

    @Test func invalidInputThrows() {
        var palette = ChartPalette.standard
        palette.text = "black"
        let bad = [
            Chart(title: "Palette", kind: .bars(BarChart(labels: ["a"], values: [1])), palette: palette),
            Chart(title: "Counts", kind: .bars(BarChart(labels: ["a", "b"], values: [1]))),
            Chart(title: "NaN", kind: .bars(BarChart(labels: ["a"], values: [.nan]))),
            Chart(
                title: "Highlight",
                kind: .lines(
                    LineChart(
                        x: [1, 2], series: [LineSeries(name: "s", values: [1, 2])],
                        highlight: LineHighlight(series: 3, index: 0, label: "x")))),
        ]
        for chart in bad {
            #expect(throws: ChartError.self) { try ChartRenderer.png(chart) }
        }
        #expect(throws: ChartError.self) { try ChartRenderer.svg(Fixtures.all()[0], idPrefix: "1bad\"") }
    }

    @Test func emptyDataSaysSo() throws {
        let chart = Chart(title: "Empty", kind: .bars(BarChart(labels: [], values: [])))
        #expect(try ChartLayout.scene(for: chart).texts(.note).first?.text == "No data to show")
        _ = try ChartRenderer.png(chart)
    }
}
