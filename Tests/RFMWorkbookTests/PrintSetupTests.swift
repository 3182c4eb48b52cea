import Foundation
import TestSupport
import Testing

@testable import RFMWorkbook

/// Every sheet prints landscape, one page wide, with its first table's header repeated; text that reads as a
/// number is exempt from Excel's green triangles; key values and notes wrap across the table columns; chart
/// series and points take the colours asked for. The same whether libxlsxwriter or `RowSplicer` writes the rows.
@Suite struct PrintSetupTests {
    static let ids = TableRows(count: 40) { i in
        [.text(String(12_346 + i)), .text("Country \(i)"), .number(Double(i) * 10), .text(i % 2 == 0 ? "444" : "x")]
    }

    static var spec: WorkbookSpec {
        let table = SheetTable(
            id: "Kinds", title: "Kinds",
            columns: [TableColumn("Kind"), TableColumn("Count", format: .integer), TableColumn("Share")],
            rows: [[.text("a"), .integer(3), .text("x")], [.text("b"), .integer(5), .text("y")]], autofilter: false)
        return WorkbookSpec(sheets: [
            SheetSpec(
                name: "Summary",
                blocks: [
                    .table(table),
                    .chart(
                        WorkbookChart(
                            kind: .column, title: "Counts", categories: ColumnReference(table: "Kinds", column: "Kind"),
                            series: [
                                .init(
                                    ColumnReference(table: "Kinds", column: "Count"),
                                    pointColours: ["#1B7837", "#B2182B"])
                            ])),
                    .heading("Figures"),
                    .keyValues([
                        KeyValue("Checksum", .text("20240101")),
                        KeyValue("Long", .text(String(repeating: "word ", count: 40))),
                    ]),
                    .note(String(repeating: "A long note. ", count: 30)),
                ], pageSetup: PageSetup(repeatHeaderRows: false)),
            SheetSpec(
                name: "Customers",
                blocks: [
                    .table(
                        SheetTable(
                            id: "Customers",
                            columns: [
                                TableColumn("Id"), TableColumn("Country"),
                                TableColumn("Spend", format: .decimal(places: 2)),
                                TableColumn("Cell"),
                            ], rowSource: ids, asExcelTable: true))
                ], freezeHeader: true),
            SheetSpec(
                name: "Trend",
                blocks: [
                    .table(
                        SheetTable(
                            id: "Trend", title: "Trend",
                            columns: [TableColumn("Month"), TableColumn("A", format: .integer)],
                            rows: [[.text("2011-10"), .integer(1)], [.text("2011-11"), .integer(2)]], autofilter: false)
                    ),
                    .chart(
                        WorkbookChart(
                            kind: .line, title: "Trend", categories: ColumnReference(table: "Trend", column: "Month"),
                            series: [.init(ColumnReference(table: "Trend", column: "A"), colour: "#35978F")])),
                ]),
        ])
    }

    @Test(.enabled(if: Prerequisites.hasPython3, "needs \(Prerequisites.python3)"), arguments: [Int.max, 0])
    func printingAndErrorChecks(spliceThreshold: Int) throws {
        let folder = try Support.scratchFolder("print-\(spliceThreshold)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("print.xlsx").path
        let report = try WorkbookWriter.write(
            Self.spec, to: path, options: WriterOptions(spliceThreshold: spliceThreshold))
        #expect((report.splicedRows > 0) == (spliceThreshold == 0))
        let features = try WorkbookPrintFeatures(path: path)
        for name in ["Summary", "Customers", "Trend"] {
            let sheet = try #require(features.sheets[name])
            #expect(sheet.pageSetup["orientation"] == "landscape", "\(name)")
            #expect(sheet.fitToPage == "1", "\(name)")
            #expect(sheet.pageSetup["fitToWidth", default: "1"] == "1", "\(name)")
            #expect(sheet.pageSetup["fitToHeight"] == "0", "\(name)")
            #expect(sheet.margins["left"] == "0.5" && sheet.margins["right"] == "0.5", "\(name)")
        }
        let summary = try #require(features.sheets["Summary"])
        let customers = try #require(features.sheets["Customers"])
        let trend = try #require(features.sheets["Trend"])
        // Print titles: the header row (with its caption), unless the sheet says not to.
        #expect(summary.printTitles == nil)
        #expect(customers.printTitles == "Customers!$1:$1")
        #expect(trend.printTitles == "Trend!$1:$2")
        // Ids and "444" cells (whole columns, spliced rows included), the digit-only checksum; not "Country 3".
        #expect(customers.numbersAsText == ["A2:A41", "D2:D41"])
        #expect(summary.numbersAsText == ["B7"])
        #expect(customers.frozenRows == 1)
        // Rows: caption, header, 2 rows, blank, heading (6), key values (7, 8), blank, note (10). Key values span
        // the table's value columns (B:C), the note at least 100 characters of width.
        #expect(summary.mergedCells.contains("B7:C7") && summary.mergedCells.contains("B8:C8"))
        let note = try #require(summary.mergedCells.first { $0.hasPrefix("A10:") })
        #expect(note != "A10:C10", "the note reaches past the narrow table: \(note)")
        let charts = features.charts.values.sorted { $0.valueSheets.first ?? "" < $1.valueSheets.first ?? "" }
        #expect(charts.map(\.pointColours) == [[["1B7837", "B2182B"]], [[]]])
        #expect(charts.last?.seriesColours == ["35978F"])
    }

    @Test(.enabled(if: Prerequisites.hasPython3, "needs \(Prerequisites.python3)"))
    func continuationSheetsRepeatTheirHeaderAndKeepTheirChecks() throws {
        let folder = try Support.scratchFolder("print-split")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("split.xlsx").path
        let report = try WorkbookWriter.write(
            Self.spec, to: path, options: WriterOptions(rowLimit: 20, spliceThreshold: 0))
        #expect(report.splitSheets["Customers"] == ["Customers (2)", "Customers (3)"])
        let features = try WorkbookPrintFeatures(path: path)
        // 40 rows: 19 + 19 + 2 under a header on each sheet.
        for (name, last) in [("Customers", 20), ("Customers (2)", 20), ("Customers (3)", 3)] {
            let sheet = try #require(features.sheets[name], "\(name)")
            #expect(sheet.printTitles == "'\(name)'!$1:$1" || sheet.printTitles == "\(name)!$1:$1", "\(name)")
            #expect(sheet.pageSetup["orientation"] == "landscape" && sheet.frozenRows == 1, "\(name)")
            #expect(sheet.numbersAsText == ["A2:A\(last)", "D2:D\(last)"], "\(name)")
        }
    }

    @Test func numbersWrittenAsTextAreRecognised() {
        for text in ["12346", "444", " 12 ", "-1.5", "1,234", "1e5"] {
            #expect(NumbersAsText.looksNumeric(text), "\(text)")
        }
        for text in ["", "C12346", "3-4", "120, 56", "inf", "nan", "0x1p3", "2011-11", "yes", "e"] {
            #expect(!NumbersAsText.looksNumeric(text), "\(text)")
        }
    }

    @Test func wrappedTextLinesAndNoteSpan() {
        #expect(MergedText.lines(characters: 10, width: 50) == 1)
        #expect(MergedText.lines(characters: 200, width: 50) == 4)
        // Three 10-wide columns, then default-width ones until 100 characters.
        let last = MergedText.noteLastColumn(widths: [10, 10, 10], columnCount: 3)
        #expect(MergedText.width([10, 10, 10], 0...last) >= MergedText.minimumNoteWidth)
        #expect(MergedText.width([10, 10, 10], 0...(last - 1)) < MergedText.minimumNoteWidth)
        #expect(MergedText.noteLastColumn(widths: Array(repeating: 30, count: 6), columnCount: 6) == 5)
    }
}
