import Foundation
import RFMCharts

/// The archive index's chart (`rfm report --months`): each month's customers split by segment, as shares of that
/// month (100% per month), in the segment colours; drawn as `charts/segment-shares.png` and `.svg`.
public struct SegmentShareChart: Sendable {
    /// The chart's file name in `charts/`, without extension.
    public static let id = "segment-shares"

    let report: ReportChart

    /// `months` are the rows' labels (`Jan 2011`), `customers[i][s]` the customers of segment `s` in month `i`.
    public init(months: [String], segments: [String], customers: [[Int]], colours: [String], palette: ThemePalette) {
        let series = segments.indices.map { s in
            ChartSeries(name: segments[s], values: customers.map { Double($0.indices.contains(s) ? $0[s] : 0) })
        }
        var chartPalette = palette.chart
        chartPalette.series = colours
        let chart = Chart(
            title: "Segment shares month by month",
            subtitle: "Share of each month-end's customers in each segment",
            kind: .stackedBars(
                StackedBarChart(
                    categories: months, series: series, normalized: true,
                    valueAxis: ValueAxis(title: "Share of customers", format: .percent(places: 0)))),
            width: 900, height: 150 + 30 * Double(months.count), palette: chartPalette)
        let last = customers.last ?? []
        let total = max(1, last.reduce(0, +))
        let alt =
            "Stacked bars, one per month, of the share of customers in each segment; in \(months.last ?? "the last month"): "
            + segments.indices.map {
                "\(segments[$0]) \(PeopleFormat.percent(Double(last.indices.contains($0) ? last[$0] : 0) / Double(total)))"
            }.joined(separator: ", ")
        report = ReportChart(
            id: Self.id, chart: chart, alt: alt,
            caption: "Each bar is one month's customers (100%); the colours are the segments, in rule order.")
    }

    /// The PNG (at twice the pixels) and the SVG, by file path inside the archive folder.
    public func files() throws(ChartError) -> [(path: String, data: Data)] {
        [
            ("charts/\(Self.id).png", try ChartRenderer.png(report.chart, scale: 2)),
            ("charts/\(Self.id).svg", Data(try ChartRenderer.svg(report.chart, idPrefix: Self.id + "-").utf8)),
        ]
    }

    /// The context of the theme's `chart` partial, for a page in the archive's folder (`files()` has drawn it).
    public func context() -> [String: Any] { ReportSite.chartContext(report, root: "") }
}
