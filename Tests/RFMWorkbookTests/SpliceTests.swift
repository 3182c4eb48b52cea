import Foundation
import TestSupport
import Testing
import XLSXReader

@testable import RFMWorkbook

/// Rows written by `RowSplicer` read back exactly like the rows libxlsxwriter writes: same values,
/// same cell styles, a valid package, the same bytes with 1 or 2 threads.
@Suite struct SpliceTests {
    static let columns: [TableColumn] = [
        TableColumn("Id"), TableColumn("Amount", format: .money(symbol: "£"), colourScale: true),
        TableColumn("Count", format: .integer), TableColumn("Day", format: .date), TableColumn("Flag"),
        TableColumn("Share", format: .percent(places: 1)), TableColumn("Note", format: .wrappedText),
    ]
    static let numbers: [Double] = [
        0.1, 1.0 / 3, 1234.5, -0.0, 1e-7, 1e20, 2.5e-300, .nan, .infinity, 9_007_199_254_740_992,
        -42, 0.30000000000000004, .leastNonzeroMagnitude, 123_456_789.125,
    ]
    static let texts = [
        "plain", " leading space", "trailing\t", "a & b < c > d", "ünïcødé ✓", "bell\u{07}removed",
        "012345", "", "line\nbreak", "\"quoted\" 'single'",
    ]

    /// Row `i` of the test table: every kind of value, blanks and non-finite numbers included.
    static func row(_ i: Int) -> [CellValue] {
        [
            .text("C\(i)"), .number(numbers[i % numbers.count]), .integer(i * 7919 - 500_000),
            .date(daysSince1970: 14_000 + i), i % 5 == 0 ? .empty : .bool(i % 2 == 0),
            .number(Double(i) / 997), .text(texts[i % texts.count]),
        ]
    }

    static func spec(rows: Int) -> WorkbookSpec {
        WorkbookSpec(sheets: [
            SheetSpec(name: "Notes", blocks: [.note("before the table")]),
            SheetSpec(
                name: "Big",
                blocks: [
                    .note("a note above"),
                    .table(
                        SheetTable(
                            id: "big", title: "Big table", columns: columns,
                            rowSource: TableRows(count: rows, row: row), asExcelTable: true)),
                    .note("a note below"),
                ], freezeHeader: true),
        ])
    }

    static func write(_ spec: WorkbookSpec, _ name: String, in folder: URL, _ options: WriterOptions) throws -> (
        String, WriteReport
    ) {
        let path = folder.appendingPathComponent(name).path
        return (path, try WorkbookWriter.write(spec, to: path, options: options))
    }

    /// Every sheet's rows by name, read with rfm's own reader.
    static func readRows(_ path: String) throws -> [String: [XLSXRow]] {
        let workbook = try XLSXWorkbook(url: URL(fileURLWithPath: path))
        var out: [String: [XLSXRow]] = [:]
        for sheet in workbook.sheets {
            var rows: [XLSXRow] = []
            try workbook.readRows(of: sheet) {
                rows.append($0)
                return true
            }
            out[sheet.name] = rows
        }
        return out
    }

    @Test(.enabled(if: Prerequisites.hasPython3, "needs \(Prerequisites.python3)"), arguments: [false, true])
    func splicedRowsMatchLibxlsxwriters(constantMemory: Bool) throws {
        let folder = try Support.scratchFolder("splice-\(constantMemory)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = 60
        let threshold = constantMemory ? 0 : 100_000
        let (plainPath, plainReport) = try Self.write(
            Self.spec(rows: rows), "plain.xlsx", in: folder,
            WriterOptions(constantMemoryThreshold: threshold, spliceThreshold: .max))
        let (splicedPath, splicedReport) = try Self.write(
            Self.spec(rows: rows), "spliced.xlsx", in: folder,
            WriterOptions(constantMemoryThreshold: threshold, spliceThreshold: 0))
        #expect(plainReport.splicedRows == 0)
        #expect(splicedReport.splicedRows == rows - 2)
        #expect(splicedReport.constantMemory == constantMemory)

        let plain = try Self.readRows(plainPath)
        let spliced = try Self.readRows(splicedPath)
        #expect(plain.keys.sorted() == spliced.keys.sorted())
        for (name, expected) in plain {
            let got = try #require(spliced[name])
            #expect(got.map(\.number) == expected.map(\.number), "row numbers of \(name)")
            for (a, b) in zip(expected, got) {
                #expect(a.cells.count == b.cells.count, "cells in row \(a.number) of \(name)")
                for (column, (x, y)) in zip(a.cells, b.cells).enumerated() {
                    switch (x, y) {
                    case (.number(let p), .number(let q)):
                        // libxlsxwriter prints 16 significant digits; the splice prints the shortest exact form.
                        #expect(abs(p - q) <= 1e-15 * abs(p), "\(name) row \(a.number) column \(column): \(p) vs \(q)")
                    default:
                        #expect(x == y, "\(name) row \(a.number) column \(column): \(x) vs \(y)")
                    }
                }
            }
        }
        // The spliced numbers are exact.
        let big = try #require(spliced["Big"])
        let header = try #require(big.firstIndex { $0.cells.first == .text("Id") })
        for i in 1..<(rows - 1) {
            let source = Self.row(i)
            let cells = big[header + 1 + i].cells
            if case .number(let x) = source[1], x.isFinite { #expect(cells[1] == .number(x == 0 ? 0 : x), "row \(i)") }
            if case .number(let x) = source[5] { #expect(cells[5] == .number(x), "row \(i)") }
        }
        // Same style on every cell (indices may be numbered differently; what they resolve to may not).
        let want = try #require(
            try Support.python(Prerequisites.python3, Scripts.resolvedStyles, [plainPath]) as? [String: [String: Any]])
        let got = try #require(
            try Support.python(Prerequisites.python3, Scripts.resolvedStyles, [splicedPath]) as? [String: [String: Any]]
        )
        #expect(want.keys.sorted() == got.keys.sorted())
        for (part, cells) in want {
            let other = got[part] ?? [:]
            #expect(Set(cells.keys) == Set(other.keys), "cells in \(part)")
            let differing = cells.keys.filter {
                !(cells[$0].map { NSArray(array: $0 as? [Any] ?? []) }
                    == other[$0].map { NSArray(array: $0 as? [Any] ?? []) })
            }
            #expect(differing.isEmpty, "styles in \(part): \(differing.sorted().prefix(8))")
        }
        // A well-formed package with correct CRCs.
        let result = try #require(
            try Support.python(Prerequisites.python3, Scripts.package, [splicedPath]) as? [String: Any])
        #expect((result["malformed"] as? [String]) == [])
        #expect((result["missing"] as? [String]) == [])
        #expect(result["crc"] is NSNull)
        #expect(try Support.run("/usr/bin/unzip", ["-tq", splicedPath]).status == 0)
    }

    @Test func threadsDoNotChangeTheBytes() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = Self.spec(rows: RowSplicer.rowsPerChunk * 3 + 17)
        let (one, _) = try Self.write(spec, "one.xlsx", in: folder, WriterOptions(spliceThreshold: 0, threads: 1))
        let (two, report) = try Self.write(spec, "two.xlsx", in: folder, WriterOptions(spliceThreshold: 0, threads: 2))
        #expect(report.splicedRows == RowSplicer.rowsPerChunk * 3 + 15)
        #expect(try Data(contentsOf: URL(fileURLWithPath: one)) == Data(contentsOf: URL(fileURLWithPath: two)))
        #expect(try Support.run("/usr/bin/unzip", ["-tq", two]).status == 0)
    }

    @Test func splitTablesAreSplicedOnEverySheet() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = 45
        let options = WriterOptions(rowLimit: 20, spliceThreshold: 0)
        let (path, report) = try Self.write(Self.spec(rows: rows), "split.xlsx", in: folder, options)
        #expect(report.sheetNames.count > 3)
        let (plainPath, _) = try Self.write(
            Self.spec(rows: rows), "plain.xlsx", in: folder,
            WriterOptions(rowLimit: 20, spliceThreshold: .max))
        let spliced = try Self.readRows(path)
        let plain = try Self.readRows(plainPath)
        var ids: [String] = []
        for name in report.sheetNames {
            let got = try #require(spliced[name])
            let want = try #require(plain[name])
            #expect(got.map(\.number) == want.map(\.number), "rows of \(name)")
            #expect(got.map { $0.cells.first } == want.map { $0.cells.first }, "ids on \(name)")
            ids += got.compactMap { row in
                if case .text(let id)? = row.cells.first, id.hasPrefix("C") { return id } else { return nil }
            }
        }
        #expect(ids == (0..<rows).map { "C\($0)" })
        #expect(report.splicedRows > 0)
    }

    @Test func twoLargeTablesOnOneSheetAreBothSpliced() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = WorkbookSpec(sheets: [
            SheetSpec(
                name: "Two",
                blocks: [
                    .table(
                        SheetTable(
                            id: "first", title: "First", columns: Self.columns,
                            rowSource: TableRows(count: 40, row: Self.row))),
                    .note("between the tables"),
                    .table(
                        SheetTable(
                            id: "second", title: "Second", columns: Self.columns,
                            rowSource: TableRows(count: 25) { Self.row($0 + 100) }, asExcelTable: true)),
                ])
        ])
        for constantMemory in [false, true] {
            let threshold = constantMemory ? 0 : 100_000
            let (path, report) = try Self.write(
                spec, "two-\(constantMemory).xlsx", in: folder,
                WriterOptions(constantMemoryThreshold: threshold, spliceThreshold: 0))
            let (plainPath, _) = try Self.write(
                spec, "plain-\(constantMemory).xlsx", in: folder,
                WriterOptions(constantMemoryThreshold: threshold, spliceThreshold: .max))
            #expect(report.splicedRows == 38 + 23)
            let got = try #require(try Self.readRows(path)["Two"])
            let want = try #require(try Self.readRows(plainPath)["Two"])
            #expect(got.map(\.number) == want.map(\.number))
            #expect(got.map { $0.cells.first } == want.map { $0.cells.first })
            #expect(try Support.run("/usr/bin/unzip", ["-tq", path]).status == 0)
        }
    }

    @Test func highlightedAndChartedTablesStayWithLibxlsxwriter() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = (0..<30).map { [CellValue.text("k\($0)"), .integer($0)] }
        let columns = [TableColumn("Key"), TableColumn("Value", format: .integer)]
        let spec = WorkbookSpec(sheets: [
            SheetSpec(
                name: "Lit", blocks: [.table(SheetTable(id: "lit", columns: columns, rows: rows, highlightRows: [3]))]),
            SheetSpec(
                name: "Charted",
                blocks: [
                    .table(SheetTable(id: "charted", columns: columns, rows: rows)),
                    .chart(
                        WorkbookChart(
                            kind: .column, title: "Values",
                            categories: ColumnReference(table: "charted", column: "Key"),
                            series: [.init(ColumnReference(table: "charted", column: "Value"))])),
                ]),
            SheetSpec(name: "Plain", blocks: [.table(SheetTable(id: "plain", columns: columns, rows: rows))]),
        ])
        let (_, report) = try Self.write(spec, "mixed.xlsx", in: folder, WriterOptions(spliceThreshold: 0))
        #expect(report.splicedRows == 28)
    }

    /// With the default options a report-sized table (Online Retail: 4,338 customers) is written by libxlsxwriter
    /// alone; only a table of more than `WriterOptions.defaultSpliceThreshold` rows goes to `RowSplicer`.
    @Test func defaultOptionsSpliceOnlyAboveAHundredThousandRows() throws {
        #expect(WriterOptions.defaultSpliceThreshold == 100_000)
        #expect(WriterOptions().spliceThreshold == WriterOptions.defaultSpliceThreshold)
        let columns = [TableColumn("Id"), TableColumn("Value", format: .integer)]
        func spec(_ rows: Int) -> WorkbookSpec {
            WorkbookSpec(sheets: [
                SheetSpec(
                    name: "Customers",
                    blocks: [
                        .table(
                            SheetTable(
                                id: "customers", title: "Customers", columns: columns,
                                rowSource: TableRows(count: rows) { [.text("C\($0)"), .integer($0)] },
                                asExcelTable: true))
                    ])
            ])
        }
        let table = try #require(
            spec(1).sheets[0].blocks.compactMap { block -> SheetTable? in
                if case .table(let t) = block { return t } else { return nil }
            }.first)
        let threshold = WriterOptions.defaultSpliceThreshold
        #expect(!SheetWriter.splices(table, rows: 4_338, threshold: threshold, charted: []))
        #expect(!SheetWriter.splices(table, rows: 100_000, threshold: threshold, charted: []))
        #expect(SheetWriter.splices(table, rows: 100_001, threshold: threshold, charted: []))

        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, small) = try Self.write(spec(4_338), "small.xlsx", in: folder, WriterOptions())
        #expect(small.splicedRows == 0)
        let (largePath, large) = try Self.write(spec(100_001), "large.xlsx", in: folder, WriterOptions())
        #expect(large.splicedRows == 100_001 - 2)
        let rows = try #require(try Self.readRows(largePath)["Customers"])
        let ids = rows.compactMap { row -> Int? in
            if case .text(let id)? = row.cells.first, id.hasPrefix("C") {
                return Int(id.dropFirst())
            } else {
                return nil
            }
        }
        #expect(ids == Array(0..<100_001))
        #expect(try Support.run("/usr/bin/unzip", ["-tq", largePath]).status == 0)
    }

    @Test func numbersAreWrittenInTheirShortestExactForm() {
        func text(_ x: Double) -> String {
            var out: [UInt8] = []
            SheetRowEncoder.appendNumber(x, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(text(1234.0) == "1234")
        #expect(text(-0.0) == "0")
        #expect(text(0.1) == "0.1")
        #expect(text(1e-7) == "1E-07")
        #expect(text(1e20) == "1E+20")
        #expect(text(0.30000000000000004) == "0.30000000000000004")
        for x in SpliceTests.numbers where x.isFinite {
            #expect(Double(text(x)) == (x == 0 ? 0 : x), "\(x)")
        }
        var out: [UInt8] = []
        SheetRowEncoder.appendInteger(Int.min, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(Int.min))
    }

    @Test func cellReferencesMatchExcelsColumnNames() throws {
        let columns = 16_384  // Excel's last column is XFD
        let encoder = SheetRowEncoder(styles: [Int32](repeating: 0, count: columns), booleanStyle: 0)
        var out: [UInt8] = []
        encoder.append((0..<columns).map { CellValue.integer($0) }, excelRow: 1_048_576, to: &out)
        let xml = String(decoding: out, as: UTF8.self)
        let regex = try NSRegularExpression(pattern: #"<c r="([A-Z]+[0-9]+)"><v>([0-9]+)</v></c>"#)
        let matches = regex.matches(in: xml, range: NSRange(xml.startIndex..., in: xml))
        #expect(matches.count == columns)
        for match in matches {
            let name = String(xml[Range(match.range(at: 1), in: xml)!])
            let column = Int(xml[Range(match.range(at: 2), in: xml)!])!
            #expect(name == CellName.a1(row: 1_048_575, column: column))
        }
        #expect(xml.hasPrefix("<row r=\"1048576\"><c r=\"A1048576\"><v>0</v></c>"))
        #expect(xml.hasSuffix("<c r=\"XFD1048576\"><v>16383</v></c></row>"))
    }
}
