import Foundation
import RFMCore
import Testing
import XLSXReader

/// Reads `segments.xlsx` back with the project's own XLSX reader and compares it with the report's other files.
@Suite struct WorkbookReadBackTests {
    let workbookURL = sampleReport.appendingPathComponent("segments.xlsx")

    func rows(of sheetName: String) throws -> [[XLSXCell]] {
        let workbook = try XLSXWorkbook(url: workbookURL)
        let sheet = try #require(workbook.sheets.first { $0.name == sheetName })
        var rows: [[XLSXCell]] = []
        try workbook.readRows(of: sheet) {
            rows.append($0.cells)
            return true
        }
        return rows
    }

    func text(_ cell: XLSXCell) -> String {
        switch cell {
        case .text(let s): return s
        case .number(let v): return NumberFormatting.plain(v)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .error(let e): return e
        case .empty: return ""
        }
    }

    func number(_ cell: XLSXCell) -> Double? { if case .number(let v) = cell { return v } else { return nil } }

    @Test func sheetsAreInTheSpecOrder() throws {
        let workbook = try XLSXWorkbook(url: workbookURL)
        #expect(
            workbook.sheets.map(\.name) == [
                "Summary", "Segments", "Clusters", "Customers", "Model Selection", "Data Quality", "Definitions",
            ])
    }

    @Test func everyCustomerRowEqualsCustomersCSV() throws {
        let sheet = try rows(of: "Customers")
        let csv = try String(contentsOf: sampleReport.appendingPathComponent("customers.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(sheet.count == csv.count)
        #expect(sheet.first.map { $0.map(text) }?.first == "Customer ID")
        var mismatches: [String] = []
        for (row, line) in zip(sheet.dropFirst(), csv.dropFirst()) {
            // customer_id,country,recency_days,frequency,monetary,r,f,m,cell,score,segment,first,last,cluster,
            // cluster_name,pc1,pc2,holdout
            guard case .text = row[0] else {
                mismatches.append("\(line[0]): id not text")
                continue
            }
            let same =
                text(row[0]) == line[0] && text(row[1]) == line[1]
                && number(row[2]) == Double(line[2]) && number(row[3]) == Double(line[3])
                && NumberFormatting.fixed(number(row[4]) ?? .nan, decimals: 2) == line[4]
                && (5...7).allSatisfy { number(row[$0]) == Double(line[$0]) } && text(row[8]) == line[8]
                && number(row[9]) == Double(line[9]) && text(row[10]) == line[10]
                && DateParser.fromExcelSerial(number(row[11]) ?? -1)?.day.description == line[11]
                && DateParser.fromExcelSerial(number(row[12]) ?? -1)?.day.description == line[12]
                && number(row[13]) == Double(line[13]) && text(row[14]) == line[14]
                && abs((number(row[15]) ?? .nan) - Double(line[15])!) < 1e-12
                && abs((number(row[16]) ?? .nan) - Double(line[16])!) < 1e-12
                && text(row[17]) == (line[17] == "1" ? "yes" : "no")
            if !same { mismatches.append(line[0]) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func summaryFiguresEqualResultJSON() throws {
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: sampleReport.appendingPathComponent("result.json")))
            as! [String: Any]
        var figures: [String: XLSXCell] = [:]
        for row in try rows(of: "Summary") where row.count >= 2 { figures[text(row[0])] = row[1] }
        #expect(number(figures["Customers"]!) == Double(json["customers"] as! Int))
        #expect(abs(number(figures["Revenue"]!)! - (json["revenue_total"] as! Double)) < 1e-6)
        let cleaning = json["cleaning"] as! [String: Any]
        #expect(number(figures["Rows read"]!) == Double(cleaning["rows_in"] as! Int))
        #expect(number(figures["Rows kept after cleaning"]!) == Double(cleaning["rows_after"] as! Int))
        #expect(number(figures["Rows used (up to the snapshot)"]!) == Double(json["rows_used"] as! Int))
        #expect(number(figures["Orders (distinct invoices)"]!) == Double(json["orders"] as! Int))
        #expect(
            DateParser.fromExcelSerial(number(figures["Snapshot date"]!)!)?.day.description == json["snapshot_date"]
                as? String)
        let best = (json["clustering"] as! [String: Any])["best"] as! [String: Any]
        // libxlsxwriter writes 16 significant digits (printf %.16g): equal to 1e-15 relative.
        #expect(
            abs(number(figures["Silhouette"]!)! - (best["silhouette"] as! Double)) <= 1e-15
                * (best["silhouette"] as! Double))
        #expect(text(figures["Best model"]!) == "KMeans, k = 2")
        // The segment table on the Summary sheet.
        let segments = json["segments"] as! [[String: Any]]
        for s in segments {
            let row = try #require(
                try rows(of: "Summary").first { text($0[0]) == s["segment"] as! String && $0.count >= 5 })
            #expect(number(row[1]) == Double(s["customers"] as! Int))
            #expect(abs(number(row[3])! - (s["revenue"] as! Double)) < 1e-6)
        }
    }

    @Test func theWorkbookIsACompleteOOXMLPackage() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-Z1", workbookURL.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let parts = Set(listing.split(separator: "\n").map(String.init))
        for part in [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "docProps/core.xml", "xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml",
            "xl/tables/table1.xml",
        ] {
            #expect(parts.contains(part), "\(part)")
        }
        #expect((1...7).allSatisfy { parts.contains("xl/worksheets/sheet\($0).xml") })
    }
}
