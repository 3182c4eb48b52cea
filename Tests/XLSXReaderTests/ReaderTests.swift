import Foundation
import Testing

@testable import XLSXReader

@Suite("Reading workbooks")
struct ReaderTests {
    @Test("xlsxwriter workbook: shared strings, numbers, dates, booleans, errors, formula results")
    func writerWorkbook() throws {
        let wb = try XLSXWorkbook(url: Fixture.url("writer.xlsx"))
        #expect(wb.sheets.map(\.name) == ["Sales", "Returns"])
        #expect(wb.sheets.map(\.partPath) == ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        #expect(!wb.uses1904DateSystem)
        let rows = try Fixture.rows(wb, wb.sheets[0])
        #expect(rows.map(\.number) == [1, 2, 3])
        #expect(rows[0].cells == ["Invoice", "Amount", "When", "Flag", "Err", "Formula"].map { .text($0) })
        #expect(
            rows[1].cells == [
                .text("A-1"), .number(42), .number(40513.35138888889), .bool(true),
                .error("#DIV/0!"), .text("abcd"),
            ])
        #expect(
            rows[2].cells == [
                .text("A-2"), .number(-3.25), .number(1.5e-7), .bool(false),
                .number(1.234567890123457e19), .number(-6.5),
            ])
    }

    @Test("two sheets with different headers are read in workbook order")
    func twoSheets() throws {
        let wb = try XLSXWorkbook(url: Fixture.url("writer.xlsx"))
        var headers: [[XLSXCell]] = []
        for sheet in wb.sheets {
            try wb.readRows(of: sheet) {
                headers.append($0.cells)
                return false
            }
        }
        #expect(headers.count == 2)
        #expect(headers[0].first == .text("Invoice"))
        #expect(headers[1] == [.text("Customer ID"), .text("Price")])
        let second = try Fixture.rows(wb, wb.sheets[1])
        #expect(second.last?.cells == [.number(17850), .number(2.55)])
    }

    @Test("prefixed namespaces, absolute and percent-encoded targets, rich text, inline strings, sparse cells")
    func handwritten() throws {
        let wb = try XLSXWorkbook(url: Fixture.url("handwritten.xlsx"))
        #expect(wb.sheets == [XLSXSheet(name: "Data & more", partPath: "custom/data/first sheet.xml")])
        #expect(wb.uses1904DateSystem)
        let rows = try Fixture.rows(wb, wb.sheets[0])
        #expect(rows.map(\.number) == [1, 2, 3, 5, 6])
        #expect(
            rows[0].cells == [
                .text("plain"), .text("rich "),
                .text("Tom & Jerry <3 \u{E9}\u{4E2D} \"q\" 'a'"), .text("line\rbreak"),
            ])
        #expect(rows[1].cells == [.text("inline"), .empty, .text("inline rich"), .empty, .number(1000)])
        #expect(rows[2].cells == [.number(1), .empty, .number(-0.5)])
        #expect(rows[3].cells == [])
        #expect(
            rows[4].cells == [
                .text("a&b"), .text("2011-12-09T12:50:00"), .bool(false), .error("#N/A"),
                .number(7.25),
            ])
    }

    @Test("stored (uncompressed) entries; chart sheets are not listed")
    func storedAndChartsheet() throws {
        let wb = try XLSXWorkbook(url: Fixture.url("stored.xlsx"))
        #expect(wb.sheets.map(\.name) == ["S"])
        let rows = try Fixture.rows(wb, wb.sheets[0])
        #expect(rows.count == 1 && rows[0].number == 1 && rows[0].cells == [.text("ok")])
    }

    @Test("the body can stop early and its errors propagate")
    func earlyStopAndBodyErrors() throws {
        struct Boom: Error {}
        let wb = try XLSXWorkbook(url: Fixture.url("writer.xlsx"))
        var seen = 0
        try wb.readRows(of: wb.sheets[0]) { _ in
            seen += 1
            return false
        }
        #expect(seen == 1)
        #expect(throws: Boom.self) { try wb.readRows(of: wb.sheets[0]) { _ in throw Boom() } }
    }

    @Test(
        "the same rows whether the sheet is parsed on a second thread or on the caller's",
        arguments: ["handwritten.xlsx", "writer.xlsx", "stored.xlsx"])
    func secondThread(_ name: String) throws {
        let wb = try XLSXWorkbook(url: Fixture.url(name))
        #expect(wb.parsesOnSecondThread)
        let double = try Fixture.rows(wb, wb.sheets[0])
        wb.parsesOnSecondThread = false
        let single = try Fixture.rows(wb, wb.sheets[0])
        #expect(!single.isEmpty)
        #expect(single.map(\.number) == double.map(\.number))
        #expect(single.map(\.cells) == double.map(\.cells))
    }

    @Test("a cut sheet delivers the same rows before the error on either thread, across many batches")
    func cutSheetOnEitherThread() throws {
        let url = Fixture.url("cut_deflate.xlsx")
        var counts: [Int] = []
        var batches: [Int] = []
        for onSecondThread in [true, false] {
            let wb = try XLSXWorkbook(url: url)
            wb.parsesOnSecondThread = onSecondThread
            var rows = 0
            var seenBatches = 0
            #expect(throws: XLSXError.truncated(path: url.path, part: "xl/worksheets/sheet1.xml")) {
                try wb.readRowBatches(of: wb.sheets[0]) { batch in
                    #expect(!batch.isEmpty)
                    seenBatches += 1
                    rows += batch.rowCount
                    return true
                }
            }
            counts.append(rows)
            batches.append(seenBatches)
        }
        #expect(counts[0] == counts[1] && counts[0] > 100)
        #expect(batches[0] == batches[1] && batches[0] > 1)
    }

    @Test("batch cells carry their columns, shared strings by index and decoded text")
    func batchCells() throws {
        let wb = try XLSXWorkbook(url: Fixture.url("handwritten.xlsx"))
        let shared = try wb.sharedStrings()
        let rows = try Fixture.rows(wb, wb.sheets[0])
        var rebuilt: [[XLSXCell]] = []
        try wb.readRowBatches(of: wb.sheets[0]) { batch in
            for r in 0..<batch.rowCount {
                var cells: [XLSXCell] = []
                for k in batch.cellRange(ofRow: r) {
                    let c = batch.cells[k]
                    let value: XLSXCell
                    switch c.kind {
                    case .empty: value = .empty
                    case .number: value = .number(c.value)
                    case .bool: value = .bool(c.value != 0)
                    case .sharedString:
                        let bytes = shared.bytes[shared.byteRange(Int(c.index))]
                        value = .text(String(decoding: bytes, as: UTF8.self))
                        #expect(shared.string(Int(c.index)) == String(decoding: bytes, as: UTF8.self))
                    case .text: value = .text(batch.string(c))
                    case .error: value = .error(batch.string(c))
                    }
                    while cells.count < Int(c.column) { cells.append(.empty) }
                    if cells.count == Int(c.column) { cells.append(value) } else { cells[Int(c.column)] = value }
                }
                rebuilt.append(cells)
            }
            return true
        }
        #expect(rebuilt == rows.map(\.cells))
    }

    @Test(
        "rows cut at every place by the inflate chunks read the same on either thread",
        arguments: [true, false])
    func longRows(onSecondThread: Bool) throws {
        let wb = try XLSXWorkbook(url: Fixture.url("long_rows.xlsx"))
        wb.parsesOnSecondThread = onSecondThread
        let rows = try Fixture.rows(wb, wb.sheets[0])
        // The rule of make_fixtures.py's long_rows_fixture.
        var expected: [XLSXRow] = []
        for r in 1...6000 {
            if r % 500 == 0 {
                expected.append(XLSXRow(number: r, cells: []))
                continue
            }
            var cells: [XLSXCell] = [.number(Double(r)), .text(String(repeating: "r\(r)-", count: r * 37 % 61))]
            if r % 13 == 0 { cells.append(.text("x</row>y&")) } else if r % 7 == 0 { cells.append(.text("a&b")) }
            if r % 1000 == 1 {
                if cells.count == 2 { cells.append(.empty) }
                cells.append(.text(String(repeating: "z", count: 300_000)))
            }
            expected.append(XLSXRow(number: r, cells: cells))
        }
        #expect(rows.count == expected.count)
        #expect(rows.map(\.number) == expected.map(\.number))
        #expect(rows.map(\.cells) == expected.map(\.cells))
    }
}
