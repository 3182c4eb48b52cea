import Foundation
import RFMPrimitives
import TestSupport
import Testing

@testable import RFMWorkbook

/// Values read back with openpyxl match the spec cell by cell.
@Suite struct ValueTests {
    typealias Cells = [String: [String: Any]]

    /// Writes `spec` and dumps it with openpyxl (a test that calls it is enabled if `Prerequisites.hasOpenpyxl`).
    static func readBack(_ spec: WorkbookSpec, options: WriterOptions = WriterOptions()) throws -> (
        WriteReport, [String: [String: Any]]
    ) {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("values.xlsx").path
        let report = try WorkbookWriter.write(spec, to: path, options: options)
        let dump = try #require(
            try Support.python(Prerequisites.venvPython, Scripts.cells, [path]) as? [String: [String: Any]])
        return (report, dump)
    }

    /// The expected (type, value) of a spec cell as openpyxl reports it.
    static func expected(_ value: CellValue) -> (String, Any?) {
        switch value {
        case .text(let text): return ("s", XMLText.clean(text))
        case .number(let x): return x.isFinite ? ("n", x) : ("n", nil)
        case .integer(let n): return ("n", Double(n))
        case .date(let days):
            let (y, m, d) = CivilDate(dayNumber: days).components
            return ("d", String(format: "%04d-%02d-%02d", y, m, d))
        case .bool(let flag): return ("b", flag)
        case .empty: return ("n", nil)
        }
    }

    static func same(_ actual: Any?, _ expected: Any?) -> Bool {
        switch (actual, expected) {
        case (nil, nil), (is NSNull, nil): return true
        case (let a as String, let e as String): return a == e
        case (let a as NSNumber, let e as Double): return abs(a.doubleValue - e) < 1e-9
        case (let a as NSNumber, let e as Bool): return a.boolValue == e
        default: return false
        }
    }

    @Test(.enabled(if: Prerequisites.hasOpenpyxl, "needs openpyxl in \(Prerequisites.venv)"), arguments: [false, true])
    func cellsMatchTheSpec(constantMemory: Bool) throws {
        let options = WriterOptions(constantMemoryThreshold: constantMemory ? 0 : 100_000)
        let (report, dump) = try Self.readBack(Fixture.spec, options: options)
        #expect(report.constantMemory == constantMemory)
        let customers = try #require(dump["Customers"]?["cells"] as? Cells)
        // Header row: bold white on the header colour.
        for (column, spec) in Fixture.customerColumns.enumerated() {
            let cell = try #require(customers[CellName.a1(row: 0, column: column)])
            #expect(cell["v"] as? String == spec.name)
            #expect(cell["b"] as? Bool == true)
            #expect((cell["fill"] as? String)?.hasSuffix("2E6B8A") == true)
        }
        for (rowIndex, row) in Fixture.customerRows.enumerated() {
            for (column, value) in row.enumerated() {
                let name = CellName.a1(row: rowIndex + 1, column: column)
                let (type, want) = Self.expected(value)
                let cell = customers[name]
                if want == nil {
                    #expect(cell == nil || cell?["v"] is NSNull, "\(name) should be blank")
                    continue
                }
                let got = try #require(cell, "\(name) missing")
                #expect(got["t"] as? String == type, "\(name) type \(String(describing: got["t"])) want \(type)")
                #expect(
                    Self.same(got["v"], want),
                    "\(name) = \(String(describing: got["v"])) want \(String(describing: want))")
                let format =
                    type == "b"
                    ? "\"TRUE\";\"TRUE\";\"FALSE\"" : Fixture.customerColumns[column].format.excelNumberFormat
                #expect(got["f"] as? String == format, "\(name) format")
            }
        }
        #expect(customers["A2"]?["v"] as? String == "012345")
        #expect(customers["A3"]?["v"] as? String == "000007")
        #expect(customers["D2"]?["f"] as? String == "£#,##0.00;-£#,##0.00")
        #expect(customers["H3"]?["v"] as? String == "bellandtab\tkept")
        #expect(customers["H2"]?["wrap"] as? Bool == true)
        // Highlighted row 1 (Excel row 3) is filled, including its blank cell.
        #expect((customers["A3"]?["fill"] as? String)?.hasSuffix("FFF2CC") == true)
        #expect((customers["F3"]?["fill"] as? String)?.hasSuffix("FFF2CC") == true)
        #expect(customers["A2"]?["fill"] is NSNull)
        let sheet = try #require(dump["Customers"])
        #expect(sheet["freeze"] as? String == "A2")
        #expect(sheet["autofilter"] as? String == "A1:H4")
        #expect((sheet["scales"] as? [String]) == ["D2:D4"])
        let widths = try #require(sheet["widths"] as? [String: Double])
        #expect((30...31).contains(widths["H"] ?? 0), "fixed width 30 (libxlsxwriter stores it with padding)")
        #expect((widths["A"] ?? 0) >= 11 && (widths["A"] ?? 99) <= 20)

        let summary = try #require(dump["Summary"])
        let cells = try #require(summary["cells"] as? Cells)
        #expect(cells["A1"]?["v"] as? String == "Customers")
        #expect(cells["A1"]?["b"] as? Bool == true)
        #expect(Self.same(cells["B2"]?["v"], 79_000.0))
        #expect(cells["B2"]?["f"] as? String == "£#,##0.00;-£#,##0.00")
        #expect(cells["B3"]?["v"] as? String == "2011-12-10")
        #expect(cells["A6"]?["v"] as? String == "Figures exclude returns.")
        #expect(cells["A8"]?["v"] as? String == "Segments")
        #expect(cells["A9"]?["v"] as? String == "Segment")
        #expect(cells["A12"]?["v"] as? String == "At risk")
        let tables = try #require(summary["tables"] as? [String: String])
        if constantMemory {
            #expect(tables.isEmpty)
            #expect(report.plainTables == ["segments"])
            #expect(summary["autofilter"] as? String == "A9:C12")
        } else {
            #expect(tables == ["segments": "A9:C12"])
        }

        let models = try #require(dump["Models_ k_means_"]?["cells"] as? Cells)
        #expect(models["A1"]?["v"] as? String == "Model comparison")
        #expect((models["B5"]?["fill"] as? String)?.hasSuffix("FFF2CC") == true)
        #expect(models["B5"]?["f"] as? String == "#,##0.000")
    }
}
