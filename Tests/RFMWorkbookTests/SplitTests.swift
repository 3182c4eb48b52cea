import Foundation
import TestSupport
import Testing

@testable import RFMWorkbook

/// Tables longer than the row limit continue on "NAME (2)", "NAME (3)", ... with the header repeated.
@Suite struct SplitTests {
    static func bigSpec(rows: Int, generated: Bool = false) -> WorkbookSpec {
        let row: @Sendable (Int) -> [CellValue] = { [.text(String(format: "%05d", $0)), .integer($0)] }
        let source = generated ? TableRows(count: rows, row: row) : TableRows((0..<rows).map(row))
        let table = SheetTable(
            id: "big", title: "Customers", columns: [TableColumn("ID"), TableColumn("Value", format: .integer)],
            rowSource: source, asExcelTable: true)
        return WorkbookSpec(sheets: [
            SheetSpec(name: "Summary", blocks: [.note("see Customers")]),
            SheetSpec(
                name: "Customers", blocks: [.note("Every customer"), .table(table), .note("end")], freezeHeader: true),
        ])
    }

    @Test func layoutSplitsAtTheInjectedLimit() throws {
        // Limit 10: first sheet has note (row 0), caption (2), header (3), data rows 4...9 = 6 rows;
        // continuation sheets: caption (0), header (1), data 2...9 = 8 rows each.
        let layout = try SheetLayout(Self.bigSpec(rows: 25), rowLimit: 10)
        #expect(
            layout.sheets.map(\.name) == ["Summary", "Customers", "Customers (2)", "Customers (3)", "Customers (4)"])
        #expect(layout.splitSheets == ["Customers": ["Customers (2)", "Customers (3)", "Customers (4)"]])
        let parts = layout.sheets.flatMap(\.items).compactMap { item -> Range<Int>? in
            if case .table(let part) = item { return part.rows } else { return nil }
        }
        #expect(parts == [0..<6, 6..<14, 14..<22, 22..<25])
    }

    @Test(
        .enabled(if: Prerequisites.hasOpenpyxl, "needs openpyxl in \(Prerequisites.venv)"),
        arguments: [(false, false), (true, false), (false, true), (true, true)])
    func splitWorkbookKeepsEveryRow(constant: Bool, generated: Bool) throws {
        do {
            let options = WriterOptions(rowLimit: 10, constantMemoryThreshold: constant ? 0 : 100_000)
            let (report, dump) = try ValueTests.readBack(Self.bigSpec(rows: 25, generated: generated), options: options)
            #expect(report.splitSheets["Customers"] == ["Customers (2)", "Customers (3)", "Customers (4)"])
            var ids: [String] = []
            for name in ["Customers"] + report.splitSheets["Customers", default: []] {
                let cells = try #require(dump[name]?["cells"] as? ValueTests.Cells)
                let headerRow = name == "Customers" ? 4 : 2
                #expect(
                    cells["A\(headerRow - 1)"]?["v"] as? String
                        == (name == "Customers" ? "Customers" : "Customers (continued)"))
                #expect(cells["A\(headerRow)"]?["v"] as? String == "ID")
                #expect(cells["B\(headerRow)"]?["v"] as? String == "Value")
                #expect(dump[name]?["freeze"] as? String == "A\(headerRow + 1)")
                for row in (headerRow + 1)...10 {
                    if let id = cells["A\(row)"]?["v"] as? String, id != "end" { ids.append(id) }
                }
            }
            #expect(ids == (0..<25).map { String(format: "%05d", $0) })
            let last = try #require(dump["Customers (4)"]?["cells"] as? ValueTests.Cells)
            #expect(last["A7"]?["v"] as? String == "end")
        }
    }
}

/// The real Excel limit: 1,048,576 rows including the header.
@Suite struct ExcelLimitTests {
    @Test func exactlyOneSheetFullThenOneRowMore() throws {
        let columns = [TableColumn("ID")]
        let fits = WorkbookSpec(sheets: [
            SheetSpec(
                name: "Big",
                blocks: [
                    .table(SheetTable(id: "t", columns: columns, rows: Array(repeating: [], count: 1_048_575)))
                ])
        ])
        #expect(try SheetLayout(fits, rowLimit: WriterOptions().rowLimit).sheets.count == 1)
        let over = WorkbookSpec(sheets: [
            SheetSpec(
                name: "Big",
                blocks: [
                    .table(SheetTable(id: "t", columns: columns, rows: Array(repeating: [], count: 1_048_576)))
                ])
        ])
        let layout = try SheetLayout(over, rowLimit: WriterOptions().rowLimit)
        #expect(layout.splitSheets == ["Big": ["Big (2)"]])
        let parts = layout.sheets.flatMap(\.items).compactMap { item -> Range<Int>? in
            if case .table(let part) = item { return part.rows } else { return nil }
        }
        #expect(parts == [0..<1_048_575, 1_048_575..<1_048_576])
    }
}
