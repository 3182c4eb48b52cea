import Foundation
import RFMCore
import RFMIngest
import RFMReport
import Testing
import XLSXReader

@testable import RFMCharts
@testable import RFMSite

/// The clusters' plain-language names appear wherever a cluster number does: result.json, customers.csv, the
/// segment CSVs, the pages, the charts and the workbook; the index explains the clusters in words, not metrics.
@Suite struct ClusterNamesTests {
    /// Cluster number → name, from result.json.
    func names(_ report: URL) throws -> [Int: String] {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: report.appendingPathComponent("result.json")))
                as? [String: Any])
        let clustering = try #require(json["clustering"] as? [String: Any])
        let clusters = try #require(clustering["clusters"] as? [[String: Any]])
        var names: [Int: String] = [:]
        for c in clusters {
            names[try #require(c["cluster"] as? Int)] = try #require(c["name"] as? String)
        }
        return names
    }

    /// The rows of a CSV without quoted commas (the sample's ids, countries, segments and names have none).
    func csv(_ url: URL) throws -> [[String]] {
        var text = try String(contentsOf: url, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Each row's `cluster_name` (right after `cluster`) is the name of its cluster.
    func expectNamesBesideNumbers(_ url: URL, _ names: [Int: String]) throws {
        let rows = try csv(url)
        let header = try #require(rows.first)
        let cluster = try #require(header.firstIndex(of: "cluster"))
        #expect(header[cluster + 1] == "cluster_name", "\(url.lastPathComponent)")
        for row in rows.dropFirst() {
            #expect(names[Int(row[cluster]) ?? 0] == row[cluster + 1], "\(url.lastPathComponent): \(row[0])")
        }
    }

    @Test func resultJSONNamesEveryClusterUniquely() throws {
        let names = try names(sampleReport)
        #expect(names.count >= 2)
        #expect(Set(names.values).count == names.count)
        #expect(names.values.allSatisfy { !$0.isEmpty && $0.first!.isUppercase })
    }

    @Test func theCSVsCarryTheNameBesideTheNumber() throws {
        let names = try names(sampleReport)
        try expectNamesBesideNumbers(sampleReport.appendingPathComponent("customers.csv"), names)
        let folder = sampleReport.appendingPathComponent("segments")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
        #expect(!files.isEmpty)
        for file in files { try expectNamesBesideNumbers(folder.appendingPathComponent(file), names) }
    }

    @Test func theModelFileKeepsTheNamesAndTheScorerWritesThem() throws {
        let names = try names(sampleReport)
        let model = try SavedModel.load(path: sampleReport.appendingPathComponent("model.json").path)
        #expect(model.clustering?.names == names.keys.sorted().map { names[$0]! })
        let table = try RFMCalculator.compute(
            TransactionLoader().load(paths: [sampleCSV]), snapshot: .dayAfterLastInvoice)
        let text = ScoredCustomersCSV.render(try ModelScorer(model: model).score(table))
        let url = temporaryFolder().appendingPathComponent("scored.csv")
        try Data(text.utf8).write(to: url)
        try expectNamesBesideNumbers(url, names)
    }

    /// The index says in one sentence what the groups are and which method found them; its metrics are gone.
    @Test func theIndexExplainsTheClustersInWords() throws {
        let names = try names(sampleReport)
        let html = try String(contentsOf: sampleReport.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("The customers fall into \(names.count) groups: "))
        #expect(html.contains("found the clearest split"))
        for name in names.values {
            #expect(html.contains(name.prefix(1).lowercased() + name.dropFirst() + " ("), "\(name)")
        }
        #expect(html.contains("<dt>Customer groups</dt>"))
        #expect(!html.contains("Best clustering"))
        #expect(!html.lowercased().contains("silhouette"))
        #expect(!html.contains("Davies-Bouldin"))
    }

    @Test func theModelSegmentAndMethodPagesShowTheNames() throws {
        let names = try names(sampleReport)
        let model = try String(contentsOf: sampleReport.appendingPathComponent("model.html"), encoding: .utf8)
        for (number, name) in names {
            #expect(model.contains("<th scope=\"row\">\(number)</th><td class=\"cluster-name\">\(name)</td>"))
            #expect(model.contains("Cluster \(number)<small>\(name)</small>"))
        }
        let champions = try String(
            contentsOf: sampleReport.appendingPathComponent("segments/champions.html"), encoding: .utf8)
        #expect(names.contains { champions.contains("<td>\($0.key) · \($0.value)</td>") })
        #expect(names.contains { champions.contains("\($0.key) · \($0.value): ") })
        let method = try String(contentsOf: sampleReport.appendingPathComponent("method.html"), encoding: .utf8)
        #expect(method.contains("How clusters are named"))
        #expect(method.contains("“lapsed”: at least 1.5 × the median"))
    }

    /// The charts that show clusters name them in full: nothing truncated, with two and with eight clusters.
    @Test(arguments: [2, 8])
    func theChartsNameTheClustersWithoutTruncating(_ k: Int) throws {
        var analysis = try RFMAnalysis(
            transactions: TransactionLoader().load(paths: [sampleCSV]), snapshot: .dayAfterLastInvoice,
            rules: .standard, scoring: .quartiles)
        try analysis.cluster(ClusteringSettings(ks: k...k))
        let clustering = try #require(analysis.clustering)
        let charts = ReportCharts(
            analysis: analysis, palette: try Theme.load(name: "default").palette, currency: "£"
        ).model()
        for id in ["pca-clusters", "cluster-profiles", "segment-cluster-crosswalk"] {
            let chart = try #require(charts.first { $0.id == id })
            let texts = try ChartLayout.scene(for: chart.chart).texts().map(\.text)
            #expect(!texts.contains { $0.contains("…") }, "\(id), k = \(k): \(texts.filter { $0.contains("…") })")
            let shown = texts.joined(separator: " ")
            for p in clustering.profiles {
                // A wrapped label keeps its words in order across its lines.
                #expect(
                    "\(p.cluster) · \(p.name)".split(separator: " ").allSatisfy { shown.contains($0) },
                    "\(id), k = \(k): \(p.name)")
            }
        }
        let legend = try ChartLayout.scene(for: try #require(charts.first { $0.id == "pca-clusters" }).chart).texts()
        for p in clustering.profiles { #expect(legend.contains { $0.text == "\(p.cluster) · \(p.name)" }, "\(p.name)") }
    }

    @Test func theWorkbookHasANameColumnBesideEachClusterColumn() throws {
        let names = try names(sampleReport)
        let workbook = try XLSXWorkbook(url: sampleReport.appendingPathComponent("segments.xlsx"))
        func rows(_ sheetName: String) throws -> [[String]] {
            let sheet = try #require(workbook.sheets.first { $0.name == sheetName })
            var rows: [[String]] = []
            try workbook.readRows(of: sheet) {
                rows.append(
                    $0.cells.map {
                        switch $0 {
                        case .text(let s): return s
                        case .number(let v): return NumberFormatting.plain(v)
                        default: return ""
                        }
                    })
                return true
            }
            return rows
        }
        let customers = try rows("Customers")
        let column = try #require(customers.first?.firstIndex(of: "Cluster"))
        #expect(customers[0][column + 1] == "Cluster name")
        for row in customers.dropFirst() { #expect(names[Int(row[column]) ?? 0] == row[column + 1]) }
        let clusters = try rows("Clusters")
        let headers = clusters.enumerated().filter { $0.element.first == "Cluster" }.map(\.offset)
        #expect(headers.count == 2)  // the profile table and the crosswalk
        for h in headers {
            #expect(clusters[h][1] == "Cluster name")
            for (offset, number) in names.keys.sorted().enumerated() {
                #expect(clusters[h + 1 + offset].prefix(2) == [String(number), names[number]!])
            }
        }
    }

    /// Eight clusters of 176 customers: many share their words, and every name is still unique, in every file.
    @Test func eightClustersOfTheSampleHaveUniqueNames() throws {
        let out = temporaryFolder().appendingPathComponent("eight")
        var options = ReportOptions(inputs: [sampleCSV], outputFolder: out.path, quiet: true)
        options.theme = try Theme.load(name: "default")
        options.clustering.ks = 8...8
        _ = try ReportRun(options: options).run()
        let names = try names(out)
        #expect(names.count == 8)
        #expect(Set(names.values).count == 8)
        try expectNamesBesideNumbers(out.appendingPathComponent("customers.csv"), names)
        let svg = try String(
            contentsOf: out.appendingPathComponent("charts/segment-cluster-crosswalk.svg"), encoding: .utf8)
        #expect(!svg.contains("…"))
    }
}
