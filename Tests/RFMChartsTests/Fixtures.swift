@testable import RFMCharts

/// Small charts of every kind, with long names where layout is stressed.
enum Fixtures {
    static let segments = [
        "Champions", "Loyal Customers", "Potential Loyalists", "New Customers", "At Risk",
        "Can't Lose Them", "Hibernating",
    ]
    static let counts: [Double] = [612, 845, 703, 388, 521, 164, 1105]
    static let longNames = (1...40).map { "Product category number \($0) with a rather long name" }

    static func all(width: Double = 900, height: Double = 520) -> [Chart] {
        let clusters = ["Cluster 1", "Cluster 2", "Cluster 3"]
        var rng = SplitMix64(seed: 1)
        let points = (0..<4338).map { i in
            ScatterPoint(x: 1 + rng.unit() * 360, y: 10 + rng.unit() * 9000, category: i % 7)
        }
        return [
            Chart(
                title: "Customers per segment", subtitle: "Count",
                kind: .bars(BarChart(labels: segments, values: counts)), width: width, height: height),
            Chart(
                title: "Revenue per segment",
                kind: .bars(
                    BarChart(
                        labels: segments, values: counts.map { $0 * 812.5 }, orientation: .vertical,
                        valueAxis: ValueAxis(title: "Revenue", format: .money(symbol: "£", places: 0)))),
                width: width, height: height),
            Chart(
                title: "Profiles",
                kind: .groupedBars(
                    GroupedBarChart(
                        categories: clusters,
                        series: [
                            ChartSeries(name: "Recency", values: [-0.7, 0.2, 1.3]),
                            ChartSeries(name: "Frequency", values: [0.9, -0.2, -0.7]),
                            ChartSeries(name: "Monetary", values: [1.1, -0.3, -0.9]),
                        ], valueAxis: ValueAxis(format: .decimal(places: 2)))),
                width: width, height: height),
            Chart(
                title: "Crosswalk",
                kind: .stackedBars(
                    StackedBarChart(
                        categories: segments,
                        series: clusters.indices.map { k in
                            ChartSeries(
                                name: clusters[k], values: segments.indices.map { Double(($0 + 1) * (k + 2) % 7 + 1) })
                        })),
                width: width, height: height),
            Chart(
                title: "Monetary",
                kind: .histogram(
                    Histogram(values: points.map(\.y), valueAxis: ValueAxis(format: .money(symbol: "£"), scale: .log10))
                ),
                width: width, height: height),
            Chart(title: "Recency", kind: .histogram(Histogram(values: points.map(\.x))), width: width, height: height),
            Chart(
                title: "Scatter",
                kind: .scatter(
                    ScatterChart(
                        points: points, categoryNames: segments, xAxis: ValueAxis(title: "Days"),
                        yAxis: ValueAxis(title: "Spend", format: .money(symbol: "£"), scale: .log10))),
                width: width, height: height),
            Chart(
                title: "Heatmap",
                kind: .heatmap(
                    Heatmap(
                        rowLabels: ["R 3", "R 2", "R 1"], columnLabels: ["F 1", "F 2", "F 3"],
                        values: [[100, 2000, nil], [50, 400, 3000], [10, 20, 30]],
                        notes: [["New", "Loyal", nil], ["At Risk", "Loyal", "Champions"], ["Lost", "Lost", "Lost"]],
                        valueFormat: .money(symbol: "£", places: 0), scaleTitle: "Mean spend")),
                width: width, height: height),
            Chart(
                title: "Model selection",
                kind: .lines(
                    LineChart(
                        x: [2, 3, 4, 5, 6, 7, 8],
                        series: [
                            LineSeries(name: "k-means", values: [0.41, 0.44, 0.52, 0.47, 0.43, 0.40, 0.38]),
                            LineSeries(name: "Ward", values: [0.38, 0.42, 0.48, nil, 0.42, 0.39, 0.36]),
                        ],
                        highlight: LineHighlight(series: 0, index: 2, label: "Best: k = 4"))), width: width,
                height: height),
            Chart(
                title: "Many long names",
                kind: .bars(
                    BarChart(
                        labels: longNames, values: longNames.indices.map { Double($0 * 37 % 100) },
                        orientation: .vertical)), width: width, height: height),
            Chart(
                title: "Many long names, horizontal",
                kind: .bars(BarChart(labels: longNames, values: longNames.indices.map { Double($0) })),
                width: width, height: height),
        ]
    }
}
