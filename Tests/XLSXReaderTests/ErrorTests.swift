import Foundation
import Testing

@testable import XLSXReader

@Suite("Damaged and hostile workbooks")
struct ErrorTests {
    /// Opens a fixture and reads every sheet, returning the error thrown.
    func failure(_ name: String, limits: XLSXLimits = .default) -> (any Error)? {
        do {
            let wb = try XLSXWorkbook(url: Fixture.url(name), limits: limits)
            for s in wb.sheets { _ = try Fixture.rows(wb, s) }
            return nil
        } catch {
            return error
        }
    }

    @Test func notAZip() {
        let path = Fixture.url("not_a_zip.xlsx").path
        #expect(failure("not_a_zip.xlsx") as? XLSXError == .notAZip(path: path))
    }

    @Test func truncatedZip() {
        let path = Fixture.url("truncated.xlsx").path
        #expect(failure("truncated.xlsx") as? XLSXError == .truncated(path: path, part: nil))
    }

    @Test func missingFile() {
        guard case .io? = failure("does_not_exist.xlsx") as? XLSXError else {
            Issue.record("expected an io error")
            return
        }
    }

    @Test func noWorkbook() {
        guard case .missingPart(_, let part)? = failure("no_workbook.xlsx") as? XLSXError else {
            Issue.record("expected missingPart")
            return
        }
        #expect(part == "_rels/.rels")
    }

    @Test func noWorksheet() {
        let path = Fixture.url("no_worksheet.xlsx").path
        #expect(failure("no_worksheet.xlsx") as? XLSXError == .noWorksheet(path: path))
    }

    @Test func missingWorksheetPart() {
        let path = Fixture.url("missing_sheet_part.xlsx").path
        #expect(
            failure("missing_sheet_part.xlsx") as? XLSXError
                == .missingPart(path: path, part: "xl/worksheets/sheet1.xml"))
    }

    @Test("a part declaring a huge size is refused before inflating")
    func declaredTooLarge() {
        let path = Fixture.url("declared_huge.xlsx").path
        let limits = XLSXLimits(maxPartUncompressedBytes: 100_000_000)
        #expect(
            failure("declared_huge.xlsx", limits: limits) as? XLSXError
                == .tooLarge(path: path, part: "xl/worksheets/sheet1.xml", declared: 600_000_000, limit: 100_000_000))
    }

    @Test("a part that inflates past its declared size is stopped at the first chunk, below the part limit")
    func inflatesPastDeclaredSize() {
        // Declares 1,000 bytes, inflates to 2 MB: the declared sizes are what the workbook budgets, so a part
        // may not inflate to more (before, only the part limit stopped it).
        let limits = XLSXLimits(maxPartUncompressedBytes: 1 << 20)
        guard
            case .sizeMismatch(_, let part, let declared, let actual)? = failure("lying_size.xlsx", limits: limits)
                as? XLSXError
        else {
            Issue.record("expected sizeMismatch")
            return
        }
        #expect(part == "xl/worksheets/sheet1.xml" && declared == 1000 && actual > declared && actual <= 256 * 1024)
    }

    @Test("malformed sheet XML names the part, offset and what was expected")
    func malformed() throws {
        let error = failure("malformed.xlsx")
        guard case .malformedXML(_, let part, let offset, let expected, let found)? = error as? XLSXError else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
        #expect(part == "xl/worksheets/sheet1.xml")
        #expect(expected.contains("</c>") && found.contains("</row>") && offset > 0)
        let text = (error as? XLSXError)?.description ?? ""
        #expect(text.contains("malformed.xlsx") && text.contains("row 2"))
    }

    @Test("sheet XML that ends inside sheetData is truncated")
    func truncatedXML() {
        let path = Fixture.url("truncated_xml.xlsx").path
        #expect(failure("truncated_xml.xlsx") as? XLSXError == .truncated(path: path, part: "xl/worksheets/sheet1.xml"))
    }

    @Test("a deflate stream cut short is truncated, not a hang; rows before the cut are delivered")
    func cutDeflate() throws {
        let path = Fixture.url("cut_deflate.xlsx").path
        let wb = try XLSXWorkbook(url: Fixture.url("cut_deflate.xlsx"))
        var seen = 0
        #expect(throws: XLSXError.truncated(path: path, part: "xl/worksheets/sheet1.xml")) {
            try wb.readRows(of: wb.sheets[0]) { _ in
                seen += 1
                return true
            }
        }
        #expect(seen > 100)
    }

    @Test("garbage compressed data is reported as corrupt")
    func corruptDeflate() {
        let path = Fixture.url("corrupt_deflate.xlsx").path
        #expect(
            failure("corrupt_deflate.xlsx") as? XLSXError == .corruptData(path: path, part: "xl/worksheets/sheet1.xml"))
    }

    @Test("random damage never crashes or hangs")
    func fuzzedBytes() throws {
        let original = try [UInt8](Data(contentsOf: Fixture.url("writer.xlsx")))
        var rng = SystemRandomNumberGenerator()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xlsxfuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in 0..<60 {
            var bytes = original
            for _ in 0..<(1 + k % 8) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] = UInt8.random(in: 0...255, using: &rng)
            }
            if k % 5 == 0 { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng))) }
            let url = dir.appendingPathComponent("f\(k).xlsx")
            try Data(bytes).write(to: url)
            do {
                let wb = try XLSXWorkbook(url: url)
                for s in wb.sheets { try wb.readRows(of: s) { _ in true } }
            } catch is XLSXError {
                // expected
            }
        }
    }

    @Test func descriptionsAreOneSentence() {
        let errors: [XLSXError] = [
            .notAZip(path: "a.xlsx"), .truncated(path: "a.xlsx", part: nil), .truncated(path: "a.xlsx", part: "p"),
            .missingPart(path: "a.xlsx", part: "p"), .noWorksheet(path: "a.xlsx"),
            .malformedXML(path: "a.xlsx", part: "p", byteOffset: 1, expected: "x", found: "y"),
            .badCell(path: "a.xlsx", part: "p", cell: "B2", expected: "x", found: "y"),
            .tooLarge(path: "a.xlsx", part: "p", declared: 2, limit: 1),
            .limitExceeded(path: "a.xlsx", part: "p", what: "w", limit: 1),
            .unsupported(path: "a.xlsx", part: "p", feature: "f"), .corruptData(path: "a.xlsx", part: "p"),
            .io(path: "a.xlsx", message: "m"),
            .checksumMismatch(path: "a.xlsx", part: "p", expected: 1, found: 0xABCDEF),
            .sizeMismatch(path: "a.xlsx", part: "p", declared: 1, actual: 2),
            .sizeMismatch(path: "a.xlsx", part: "p", declared: 2, actual: 1),
            .overlappingEntries(path: "a.xlsx", part: "p", other: "the part 'q'"),
        ]
        for e in errors {
            #expect(e.description.contains("a.xlsx") && e.description.hasSuffix("."))
        }
    }
}
