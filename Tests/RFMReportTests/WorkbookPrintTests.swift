import Foundation
import RFMCore
import RFMReport
import RFMSite
import TestSupport
import Testing
import XLSXReader

/// A monthly report of the shipped sample (November 2011 against October), for the monthly workbook.
let monthlySampleReport: URL = {
    let out = temporaryFolder().appendingPathComponent("monthly-workbook")
    var options = ReportOptions(inputs: [sampleCSV], outputFolder: out.path, quiet: true)
    options.theme = try! Theme.load(name: "default")
    options.snapshot = .month(year: 2011, month: 11)
    _ = try! ReportRun(options: options).run()
    return out
}()

/// `segments.xlsx` as a user prints and opens it: page setup on every sheet, no green triangles on ids and RFM
/// cells, frozen headers, charts in the segment colours of the pages, a Summary that names the folder's files,
/// the win-back list second in monthly mode and no empty previous-segment column outside it.
@Suite struct WorkbookPrintTests {
    static let palette = try! Theme.load(name: "default").palette
    static var segmentColours: [String: String] {
        Dictionary(
            uniqueKeysWithValues: SegmentRuleSet.standard.segments.enumerated().map { k, rule in
                (rule.name, String(palette.colour(segment: rule.name, index: k, ruleColour: rule.colour).dropFirst()))
            })
    }

    func rows(_ report: URL, _ sheetName: String) throws -> [[String]] {
        let workbook = try XLSXWorkbook(url: report.appendingPathComponent("segments.xlsx"))
        let sheet = try #require(workbook.sheets.first { $0.name == sheetName })
        var rows: [[String]] = []
        try workbook.readRows(of: sheet) {
            rows.append(
                $0.cells.map { cell in
                    switch cell {
                    case .text(let s): return s
                    case .number(let v): return NumberFormatting.plain(v)
                    default: return ""
                    }
                })
            return true
        }
        return rows
    }

    @Test(.enabled(if: Prerequisites.hasPython3, "needs \(Prerequisites.python3)"), arguments: [false, true])
    func everySheetPrintsLandscapeOnePageWide(monthly: Bool) throws {
        let report = monthly ? monthlySampleReport : sampleReport
        let features = try WorkbookPrintFeatures(path: report.appendingPathComponent("segments.xlsx").path)
        for name in features.sheetNames {
            let sheet = try #require(features.sheets[name])
            #expect(sheet.pageSetup["orientation"] == "landscape", "\(name)")
            #expect(sheet.fitToPage == "1" && sheet.pageSetup["fitToHeight"] == "0", "\(name)")
            #expect(sheet.pageSetup["fitToWidth", default: "1"] == "1", "\(name)")
            #expect(!sheet.margins.isEmpty, "\(name)")
        }
        let quoted = { (name: String) in name.contains(" ") || name.contains("-") ? "'\(name)'" : name }
        for (name, rows) in [("Segments", "$1:$1"), ("Customers", "$1:$1"), ("Clusters", "$1:$2")] {
            #expect(features.sheets[name]?.printTitles == "\(quoted(name))!\(rows)", "\(name)")
        }
        #expect(features.sheets["Model Selection"]?.printTitles == "'Model Selection'!$1:$1")
        // Frozen like the others: the header row of the first table (under its caption on Clusters).
        #expect(features.sheets["Clusters"]?.frozenRows == 2)
        #expect(features.sheets["Segments"]?.frozenRows == 1 && features.sheets["Customers"]?.frozenRows == 1)
        // Customer ids (A) and RFM cells (I) are text that reads as numbers.
        let customers = try rows(report, "Customers")
        let last = customers.count
        #expect(customers[0][0] == "Customer ID" && customers[0][8] == "RFM cell")
        #expect(features.sheets["Customers"]?.numbersAsText == ["A2:A\(last)", "I2:I\(last)"])
        if monthly {
            #expect(features.sheetNames.prefix(3) == ["Summary", "Win-back", "Segments"])
            #expect(
                Set(features.sheetNames) == [
                    "Summary", "Win-back", "Segments", "Clusters", "Customers",
                    "Model Selection", "Data Quality", "Definitions", "Migration", "History",
                ])
            let winBack = try #require(features.sheets["Win-back"])
            #expect(winBack.printTitles == "'Win-back'!$1:$2" && winBack.frozenRows == 2)
            #expect(winBack.numbersAsText.first?.hasPrefix("A3:A") == true)
        }
    }

    @Test(.enabled(if: Prerequisites.hasPython3, "needs \(Prerequisites.python3)"), arguments: [false, true])
    func chartsUseTheSegmentColoursOfThePages(monthly: Bool) throws {
        let report = monthly ? monthlySampleReport : sampleReport
        let features = try WorkbookPrintFeatures(path: report.appendingPathComponent("segments.xlsx").path)
        let summary = try rows(report, "Summary")
        let header = try #require(summary.firstIndex { $0.first == "Segment" })
        let order = summary[(header + 1)...].prefix { !($0.first ?? "").isEmpty && $0.count >= 5 }.map { $0[0] }
        #expect(order.count == SegmentRuleSet.standard.segments.count)
        let expected = order.map { Self.segmentColours[$0]! }
        let onSummary = features.charts.values.filter { $0.valueSheets == ["Summary"] }
        #expect(onSummary.count == 2)
        for chart in onSummary { #expect(chart.pointColours == [expected]) }
        if monthly {
            let history = try #require(features.charts.values.first { $0.valueSheets.first == "History" })
            // One line per segment column; the look-back columns after them are not drawn.
            let names = try rows(report, "History")[1].dropFirst().prefix(SegmentRuleSet.standard.segments.count)
            #expect(history.seriesColours == names.map { Self.segmentColours[$0] })
        }
    }

    @Test(arguments: [false, true])
    func theSummaryNamesTheFilesOfTheFolder(monthly: Bool) throws {
        let report = monthly ? monthlySampleReport : sampleReport
        let summary = try rows(report, "Summary")
        let heading = try #require(summary.firstIndex { $0.first == "Files in the report folder" })
        let lines = summary[(heading + 1)...].prefix { !($0.first ?? "").isEmpty }
        let files = lines.map { $0[0] }
        let expected =
            ["index.html", "segments.xlsx", "customers.csv", "segments.csv", "segments/NAME.csv", "result.json"]
            + (monthly ? ["winback.csv"] : []) + ["model.json"]
        #expect(files == expected)
        for line in lines { #expect(line.count >= 2 && line[1].count > 15, "\(line)") }
        for file in expected where file != "segments/NAME.csv" {
            #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent(file).path), "\(file)")
        }
        let segmentFiles = try FileManager.default.contentsOfDirectory(
            atPath: report.appendingPathComponent("segments").path
        ).filter { $0.hasSuffix(".csv") }
        #expect(segmentFiles.count == SegmentRuleSet.standard.segments.count)
        #expect(lines.first { $0[0] == "segments/NAME.csv" }?[1].contains("champions.csv") == true)
    }

    @Test(arguments: [false, true])
    func previousSegmentOnlyInMonthlyMode(monthly: Bool) throws {
        let report = monthly ? monthlySampleReport : sampleReport
        let header = try rows(report, "Customers")[0]
        #expect(header.contains("Previous segment") == monthly)
        let csv = try String(
            contentsOf: report.appendingPathComponent("segments/champions.csv"), encoding: .utf8)
        let firstLine = String(csv.split(separator: "\n").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(firstLine.hasSuffix(monthly ? ",cluster_name,previous_segment" : ",cluster_name"), "\(firstLine)")
        let customersCSV = try String(contentsOf: report.appendingPathComponent("customers.csv"), encoding: .utf8)
        #expect(
            customersCSV.hasPrefix("customer_id,")
                && customersCSV.split(separator: "\n")[0].hasSuffix(
                    monthly ? ",holdout,previous_segment" : ",holdout")
        )
    }
}
