import RFMCharts
import RFMCore
import Segmentation

/// One chart of the report: its file name (without extension), the chart, and the text for people.
struct ReportChart: Sendable {
    let id: String
    let chart: Chart
    let alt: String
    let caption: String
}

/// Builds the charts of SPEC §7 from an analysis, in the theme's colours.
struct ReportCharts {
    let analysis: RFMAnalysis
    let palette: ThemePalette
    let currency: String

    /// Chart size in CSS pixels: two charts side by side on a 1,180-pixel page show at about 90%.
    static let width = 620.0
    static let height = 430.0

    var segmentNames: [String] { analysis.rules.segments.map(\.name) }

    /// Segment colours in rule order.
    var segmentColours: [String] { palette.segmentColours(analysis.rules) }

    func chartPalette(series: [String]? = nil) -> ChartPalette {
        var p = palette.chart
        if let series { p.series = series }
        return p
    }

    /// Charts for the dashboard (index.html).
    func dashboard() -> [ReportChart] {
        var out = [segmentCustomers(), segmentRevenue()]
        out.append(rfHeatmap())
        if analysis.clustering != nil { out.append(pcaBySegment()) }
        out += [recencyHistogram(), frequencyHistogram(), monetaryHistogram()]
        return out
    }

    /// Charts for the changes page of a monthly report.
    func changes() -> [ReportChart] {
        guard let m = analysis.migration else { return [] }
        var out: [ReportChart] = []
        let values: [[Double?]] = m.counts.map { row in row.map { Double($0) } }
        out.append(
            ReportChart(
                id: "migration-matrix",
                chart: Chart(
                    title: "From last month's segment to this month's",
                    subtitle: "Customers by previous segment (rows) and current segment (columns)",
                    kind: .heatmap(
                        Heatmap(
                            rowLabels: m.sources, columnLabels: m.targets, values: values,
                            valueFormat: .integer, rowTitle: "Last month", columnTitle: "This month",
                            scaleTitle: "Customers")),
                    width: Self.width * 2 + 16,
                    height: 120 + Self.rowHeight(m.sources) * Double(m.sources.count) + Self.labelRoom(m.targets),
                    palette: chartPalette()),
                alt: "Heatmap of how many customers moved from each segment last month to each segment this month.",
                caption: "The diagonal holds the customers who stayed; everything else moved."))
        let colourOf = Dictionary(uniqueKeysWithValues: zip(segmentNames, segmentColours))
        out.append(
            ReportChart(
                id: "migration-flow",
                chart: Chart(
                    title: "How customers moved since last month",
                    subtitle: "Customers from last month's segment (left) to this month's (right)",
                    kind: .flow(
                        FlowChart(
                            sources: m.sources, targets: m.targets, flows: m.counts.map { $0.map(Double.init) },
                            sourceColours: m.sources.map { colourOf[$0] ?? palette.chart.mutedText },
                            targetColours: m.targets.map { colourOf[$0] ?? palette.chart.mutedText },
                            valueFormat: .integer, leftTitle: "Last month", rightTitle: "This month")),
                    width: Self.width * 2 + 16, height: 560, palette: chartPalette()),
                alt: "Flow diagram of customers moving from last month's segments to this month's.",
                caption: "Band widths are customers; grey bands are customers buying for the first time."))
        if let h = analysis.history, h.points.count > 1 {
            let series = h.segments.indices.map { s in
                ChartSeries(name: h.segments[s], values: h.points.map { Double($0.customers[s]) })
            }
            let marked = h.points.map(h.isShort)
            let short = h.points.filter(h.isShort).map(\.month)
            var subtitle = "Customers per segment at each month-end"
            var alt = "Stacked bars of the customers in each segment at each of the last month-ends."
            if let rule = h.lookBack, !short.isEmpty {
                subtitle += "; hatched: less than \(PeopleFormat.integer(rule.neededDays)) days of data before it"
                alt +=
                    " Hatched, lighter bars (\(short.joined(separator: ", "))) have less data before them than the look-back needs."
            }
            out.append(
                ReportChart(
                    id: "segment-history",
                    chart: Chart(
                        title: "Segments over the last \(h.points.count) months", subtitle: subtitle,
                        kind: .stackedBars(
                            StackedBarChart(
                                categories: h.points.map(\.month), series: series, normalized: false,
                                valueAxis: ValueAxis(title: "Customers", format: .integer), marked: marked)),
                        width: Self.width * 2 + 16, height: 140 + 30 * Double(h.points.count),
                        palette: chartPalette(series: segmentColours)),
                    alt: alt,
                    caption: short.isEmpty
                        ? "How the segments grew or shrank month by month."
                        : "How the segments grew or shrank month by month. Hatched month-ends are too close to the start of the data: see the note below."
                ))
        }
        return out
    }

    /// Extra height for column labels that wrap onto more than two lines: about 12 characters fit a line of a
    /// narrow column, each further line takes 16 pixels (the rules allow names of 100 characters).
    static func labelRoom(_ names: [String]) -> Double {
        let lines = Int((Double(names.map(\.count).max() ?? 0) / 12).rounded(.up))
        return 16 * Double(max(0, lines - 2))
    }

    /// A heatmap row's height: 44 pixels, 52 when a row name is long enough to need three lines.
    static func rowHeight(_ names: [String]) -> Double { (names.map(\.count).max() ?? 0) > 50 ? 52 : 44 }

    /// Charts for the model page.
    func model() -> [ReportChart] {
        guard let c = analysis.clustering else { return [] }
        // An applied model has one fit: no choice of k to chart.
        return (c.isFitted ? [silhouetteByK()] : []) + [pcaByCluster(), clusterProfiles(), crosswalk()]
    }

    func segmentCustomers() -> ReportChart {
        let s = analysis.segments
        return ReportChart(
            id: "segment-customers",
            chart: Chart(
                title: "Customers per segment",
                subtitle:
                    "\(PeopleFormat.integer(analysis.rfm.customers.count)) customers at the snapshot \(PeopleFormat.date(analysis.rfm.snapshot))",
                kind: .bars(
                    BarChart(
                        labels: s.map(\.segment), values: s.map { Double($0.customers) },
                        valueAxis: ValueAxis(title: "Customers", format: .integer))),
                width: Self.width, height: Self.height, palette: chartPalette(series: segmentColours)),
            alt: "Bar chart of customers per segment: "
                + s.map { "\($0.segment) \($0.customers)" }.joined(separator: ", "),
            caption: "How many customers each segment holds.")
    }

    func segmentRevenue() -> ReportChart {
        let s = analysis.segments
        return ReportChart(
            id: "segment-revenue",
            chart: Chart(
                title: "Revenue per segment", subtitle: "Sum of quantity × unit price over each segment's customers",
                kind: .bars(
                    BarChart(
                        labels: s.map(\.segment), values: s.map(\.revenue),
                        valueAxis: ValueAxis(title: "Revenue", format: .money(symbol: currency, places: 0)))),
                width: Self.width, height: Self.height, palette: chartPalette(series: segmentColours)),
            alt: "Bar chart of revenue per segment: "
                + s.map { "\($0.segment) \(PeopleFormat.money($0.revenue, currency: currency))" }.joined(
                    separator: ", "),
            caption: "Where the revenue comes from.")
    }

    func rfHeatmap() -> ReportChart {
        // Rows R = 4 (top) to 1, columns F = 1 to 4: mean monetary value and the most common segment of the cell.
        var sums = [[Double]](repeating: [Double](repeating: 0, count: 4), count: 4)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
        var segmentCounts = [[[Int]]](
            repeating: [[Int]](repeating: [Int](repeating: 0, count: segmentNames.count), count: 4), count: 4)
        for (c, s) in zip(analysis.rfm.customers, analysis.scored.scores) {
            sums[4 - s.r][s.f - 1] += c.monetary
            counts[4 - s.r][s.f - 1] += 1
            segmentCounts[4 - s.r][s.f - 1][s.segment] += 1
        }
        var values: [[Double?]] = []
        var notes: [[String?]] = []
        for r in 0..<4 {
            var valueRow: [Double?] = []
            var noteRow: [String?] = []
            for f in 0..<4 {
                let n = counts[r][f]
                valueRow.append(n == 0 ? nil : sums[r][f] / Double(n))
                let mix = segmentCounts[r][f]
                let top = mix.indices.max { mix[$0] < mix[$1] }
                noteRow.append(n == 0 ? nil : top.map { segmentNames[$0] })
            }
            values.append(valueRow)
            notes.append(noteRow)
        }
        return ReportChart(
            id: "rf-heatmap",
            chart: Chart(
                title: "Mean spend by recency and frequency score",
                subtitle:
                    "Rows: R score (4 = most recent) · columns: F score (4 = most orders) · the most common segment in each cell",
                kind: .heatmap(
                    Heatmap(
                        rowLabels: ["R 4", "R 3", "R 2", "R 1"], columnLabels: ["F 1", "F 2", "F 3", "F 4"],
                        values: values, notes: notes, valueFormat: .money(symbol: currency, places: 0),
                        rowTitle: "Recency score", columnTitle: "Frequency score", scaleTitle: "Mean spend")),
                width: Self.width, height: Self.height, palette: chartPalette()),
            alt:
                "Heatmap of mean monetary value for each recency score and frequency score, labelled with the most common segment.",
            caption: "Recent, frequent customers spend the most; each cell names its most common segment.")
    }

    private func histogram(
        _ id: String, _ title: String, _ subtitle: String, _ values: [Double], _ axis: ValueAxis, _ caption: String
    ) -> ReportChart {
        ReportChart(
            id: id,
            chart: Chart(
                title: title, subtitle: subtitle,
                kind: .histogram(Histogram(values: values, maxBins: 30, valueAxis: axis)),
                width: Self.width, height: Self.height, palette: chartPalette(series: [palette.page.accent])),
            alt: "Histogram: \(title.lowercased()).", caption: caption)
    }

    func recencyHistogram() -> ReportChart {
        histogram(
            "recency-distribution", "Days since the last purchase", "Recency of every customer at the snapshot",
            analysis.rfm.customers.map { Double($0.recency) },
            ValueAxis(title: "Days since the last purchase", format: .integer),
            "Most customers bought recently; a long tail has not come back.")
    }

    func frequencyHistogram() -> ReportChart {
        histogram(
            "frequency-distribution", "Orders per customer", "Distinct invoices per customer (log scale)",
            analysis.rfm.customers.map { Double($0.frequency) },
            ValueAxis(title: "Orders (log scale)", format: .integer, scale: .log10, includesZero: false),
            "Many customers ordered once; few order very often.")
    }

    func monetaryHistogram() -> ReportChart {
        histogram(
            "monetary-distribution", "Spend per customer", "Revenue per customer (log scale)",
            analysis.rfm.customers.map(\.monetary).filter { $0 > 0 },
            ValueAxis(
                title: "Revenue (log scale)", format: .money(symbol: currency, places: 0), scale: .log10,
                includesZero: false),
            "Spend spans several orders of magnitude.")
    }

    private func pcaScatter(
        id: String, title: String, categories: [Int], names: [String], colours: [String], caption: String,
        height: Double = height
    ) -> ReportChart {
        let c = analysis.clustering!
        let points = c.coordinates.enumerated().map { ScatterPoint(x: $1.0, y: $1.1, category: categories[$0]) }
        let ratio = c.pca.explainedVarianceRatio
        return ReportChart(
            id: id,
            chart: Chart(
                title: title,
                subtitle:
                    "First two principal components of the scaled features (\(PeopleFormat.percent(ratio[0])) and \(PeopleFormat.percent(ratio[1])) of the variance)",
                kind: .scatter(
                    ScatterChart(
                        points: points, categoryNames: names,
                        xAxis: ValueAxis(title: "PC1", format: .decimal(places: 1), includesZero: false),
                        yAxis: ValueAxis(title: "PC2", format: .decimal(places: 1), includesZero: false),
                        seed: c.settings.seed)),
                width: Self.width, height: height, palette: chartPalette(series: colours)),
            alt:
                "Scatter plot of customers on the first two principal components, coloured by \(id.contains("cluster") ? "cluster" : "segment").",
            caption: caption)
    }

    func pcaBySegment() -> ReportChart {
        pcaScatter(
            id: "pca-segments", title: "Customers by segment", categories: analysis.scored.scores.map(\.segment),
            names: segmentNames, colours: segmentColours, caption: "Each dot is a customer; nearby customers buy alike."
        )
    }

    func pcaByCluster() -> ReportChart {
        let c = analysis.clustering!
        return pcaScatter(
            id: "pca-clusters", title: "Customers by cluster (\(algorithmName(c.best.algorithm)), k = \(c.best.k))",
            categories: c.clusters.map { $0 - 1 }, names: c.profiles.map(ReportSite.clusterLabel),
            colours: palette.chart.series, caption: "The chosen clustering on the same map.",
            // Taller with many clusters: the legend of their names takes a row or two more.
            height: max(Self.height, 330 + 26 * Double(c.profiles.count)))
    }

    func silhouetteByK() -> ReportChart {
        let c = analysis.clustering!
        let ks = Array(c.settings.ks)
        let algorithms = c.settings.algorithms
        let series = algorithms.map { a in
            LineSeries(
                name: algorithmName(a),
                values: ks.map { k in c.selection.fits.first { $0.algorithm == a && $0.k == k }?.silhouette })
        }
        let bestSeries = algorithms.firstIndex(of: c.best.algorithm) ?? 0
        let bestIndex = ks.firstIndex(of: c.best.k) ?? 0
        return ReportChart(
            id: "silhouette-by-k",
            chart: Chart(
                title: "Choosing the number of clusters", subtitle: "Silhouette by k for each model (higher is better)",
                kind: .lines(
                    LineChart(
                        x: ks.map(Double.init), series: series,
                        xAxis: ValueAxis(title: "Number of clusters (k)", format: .integer, includesZero: false),
                        yAxis: ValueAxis(title: "Silhouette", format: .decimal(places: 2), includesZero: false),
                        highlight: LineHighlight(
                            series: bestSeries, index: bestIndex,
                            label:
                                "Best: \(algorithmName(c.best.algorithm)), k = \(c.best.k) (\(PeopleFormat.decimal(c.best.silhouette ?? 0, decimals: 3)))"
                        ))),
                width: Self.width, height: Self.height, palette: chartPalette()),
            alt:
                "Line chart of the silhouette score by number of clusters for KMeans, Ward and the Gaussian mixture; the best fit is marked.",
            caption: "The best fit is marked.")
    }

    func clusterProfiles() -> ReportChart {
        let c = analysis.clustering!
        let n = Double(analysis.rfm.customers.count)
        let meanR = analysis.rfm.customers.reduce(0.0) { $0 + Double($1.recency) } / n
        let meanF = analysis.rfm.customers.reduce(0.0) { $0 + Double($1.frequency) } / n
        let meanM = analysis.rfm.customers.reduce(0.0) { $0 + $1.monetary } / n
        let categories = c.profiles.map(ReportSite.clusterLabel)
        let series = [
            ChartSeries(name: "Recency", values: c.profiles.map { $0.recencyMean / meanR }),
            ChartSeries(name: "Frequency", values: c.profiles.map { $0.frequencyMean / meanF }),
            ChartSeries(name: "Monetary", values: c.profiles.map { $0.monetaryMean / meanM }),
        ]
        return ReportChart(
            id: "cluster-profiles",
            chart: Chart(
                title: "Cluster profiles",
                subtitle: "Each cluster's mean recency, frequency and spend as a multiple of the overall mean",
                kind: .groupedBars(
                    GroupedBarChart(
                        categories: categories, series: series,
                        valueAxis: ValueAxis(title: "× overall mean", format: .decimal(places: 1)),
                        categoryLabelLines: 7)),
                // Taller with many clusters: their names wrap onto more lines under narrower groups.
                width: Self.width, height: max(Self.height, 310 + 30 * Double(c.profiles.count)),
                palette: chartPalette()),
            alt:
                "Grouped bar chart of each cluster's mean recency, frequency and monetary value relative to the overall mean.",
            caption: "Above 1: more than the average customer (for recency: longer since the last purchase).")
    }

    func crosswalk() -> ReportChart {
        let c = analysis.clustering!
        let series = segmentNames.indices.map { s in
            ChartSeries(name: segmentNames[s], values: c.profiles.map { Double($0.segmentCounts[s]) })
        }
        return ReportChart(
            id: "segment-cluster-crosswalk",
            chart: Chart(
                title: "Segments within each cluster", subtitle: "Share of each cluster's customers by RFM segment",
                kind: .stackedBars(
                    StackedBarChart(
                        categories: c.profiles.map(ReportSite.clusterLabel), series: series,
                        normalized: true,
                        valueAxis: ValueAxis(title: "Share of customers", format: .percent(places: 0)),
                        categoryLabelLines: 2)),
                width: Self.width, height: max(Self.height, 200 + 46 * Double(c.profiles.count)),
                palette: chartPalette(series: segmentColours)),
            alt: "Stacked bar chart of the segment mix of each cluster.",
            caption: "How the rule-based segments and the clusters line up.")
    }
}

/// People's names for the algorithms.
public func algorithmName(_ a: ClusteringAlgorithm) -> String {
    switch a {
    case .kmeans: return "KMeans"
    case .ward: return "Ward"
    case .gaussianMixture: return "Gaussian mixture"
    }
}
