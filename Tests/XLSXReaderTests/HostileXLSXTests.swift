import Foundation
import Testing
import ZipIndex

@testable import XLSXReader

/// The hostile-input classes of the XLSX reader: every scan linear, every construct within a stated limit checked
/// while it streams, overlapping ZIP entries refused, CRC-32 and sizes checked. Each file is made here by code
/// (`HostileZip`); the large parts are deflated from one repeated block, so they cost a few KiB to build.
@Suite("Hostile XLSX input")
struct HostileXLSXTests {
    static let mib = 1 << 20

    /// Opens `url` and reads every row of every sheet; returns the error and the seconds it took.
    static func read(
        _ url: URL, limits: XLSXLimits = .default, onSecondThread: Bool = true,
        chunkSize: Int? = nil
    ) -> (error: (any Error)?, rows: [XLSXRow], seconds: Double) {
        let start = Date()
        var rows: [XLSXRow] = []
        do {
            let wb = try XLSXWorkbook(url: url, limits: limits)
            wb.parsesOnSecondThread = onSecondThread
            if let chunkSize { wb.inflateChunkSize = chunkSize }
            for s in wb.sheets {
                try wb.readRows(of: s) {
                    rows.append($0)
                    return true
                }
            }
            return (nil, rows, Date().timeIntervalSince(start))
        } catch {
            return (error, rows, Date().timeIntervalSince(start))
        }
    }

    /// A one-sheet package whose sheet is `prefix`, then `block` `times` times, then `suffix`, deflated.
    static func bigSheet(
        _ label: String, prefix: String, block: [UInt8], times: Int, suffix: String = "",
        crc: UInt32? = nil
    ) throws -> URL {
        var z = HostileWorkbook.package()
        let p = Array(prefix.utf8)
        let s = Array(suffix.utf8)
        let payload = HostileZip.deflateRepeated(prefix: p, block: block, times: times, suffix: s)
        z.add(
            "xl/worksheets/sheet1.xml", payload: payload, method: 8,
            uncompressedSize: p.count + block.count * times + s.count,
            crc: crc ?? HostileZip.crcRepeated(prefix: p, block: block, times: times, suffix: s))
        return try z.write(label)
    }

    static let sheetStart =
        "<worksheet xmlns=\"\(HostileWorkbook.main)\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
    static let part = "xl/worksheets/sheet1.xml"

    /// The `what` and `limit` of a `limitExceeded` error, or nil.
    static func limit(_ e: (any Error)?) -> (part: String, what: String, limit: Int)? {
        guard case .limitExceeded(_, let part, let what, let limit)? = e as? XLSXError else { return nil }
        return (part, what, limit)
    }

    // MARK: Comments, tags, cells, rows: limits checked as they stream, linear scans

    @Test("an unclosed comment in a 256 MiB part fails at the comment limit, in well under a second of reading")
    func unclosedCommentInLargePart() throws {
        let url = try Self.bigSheet(
            "comment", prefix: Self.sheetStart + "<!-- never closed",
            block: [UInt8](repeating: 0x61, count: Self.mib), times: 256)
        defer { try? FileManager.default.removeItem(at: url) }
        for onSecondThread in [true, false] {
            let r = Self.read(url, onSecondThread: onSecondThread)
            let l = Self.limit(r.error)
            #expect(
                l?.part == Self.part && l?.what.contains("comment") == true
                    && l?.limit == XLSXLimits.defaultMaxMarkupBytes, "\(String(describing: r.error))")
            #expect((r.error as? XLSXError)?.description.contains("4194304 for bytes in one comment") == true)
            #expect(r.rows.count == 1)  // the row before the comment is delivered first
            #expect(r.seconds < 5, "took \(r.seconds) s")
            print("unclosed comment, 256 MiB part, second thread \(onSecondThread): \(r.seconds) s")
        }
    }

    @Test("with the comment limit raised, reading an unclosed comment to the end is linear (8 vs 32 MiB)")
    func unclosedCommentIsLinear() throws {
        let limits = XLSXLimits(maxMarkupBytes: 256 * Self.mib)
        var times: [Double] = []
        for size in [8, 32] {
            let url = try Self.bigSheet(
                "comment\(size)", prefix: Self.sheetStart + "<!-- never closed",
                block: [UInt8](repeating: 0x2D, count: Self.mib), times: size)  // '-' bytes
            defer { try? FileManager.default.removeItem(at: url) }
            let r = Self.read(url, limits: limits, onSecondThread: false)
            #expect(
                r.error as? XLSXError == .truncated(path: url.path, part: Self.part), "\(String(describing: r.error))")
            times.append(r.seconds)
        }
        print("unclosed comment read to the end: 8 MiB \(times[0]) s, 32 MiB \(times[1]) s")
        // Quadratic rescanning (the old behaviour) would be 16 times slower for 4 times the bytes.
        #expect(times[1] < 8 * times[0] + 0.5, "8 MiB: \(times[0]) s, 32 MiB: \(times[1]) s")
        #expect(times[1] < 10)
    }

    @Test("a row tag with a 256 MiB attribute fails at the tag limit")
    func hugeAttributeInRowTag() throws {
        let url = try Self.bigSheet(
            "rowattr", prefix: Self.sheetStart + "<row r=\"2\" spans=\"",
            block: [UInt8](repeating: 0x31, count: Self.mib), times: 256,
            suffix: "\"><c><v>1</v></c></row></sheetData></worksheet>")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = Self.read(url)
        let l = Self.limit(r.error)
        #expect(
            l?.part == Self.part && l?.what.hasPrefix(XMLByteScanner.tagLimitName) == true
                && l?.limit == XLSXLimits.defaultMaxTagBytes, "\(String(describing: r.error))")
        #expect(r.seconds < 5, "took \(r.seconds) s")
    }

    @Test("a cell tag with a 256 MiB attribute fails at the tag limit")
    func hugeAttributeInCellTag() throws {
        let url = try Self.bigSheet(
            "cellattr", prefix: Self.sheetStart + "<row r=\"2\"><c r=\"A2\" s=\"",
            block: [UInt8](repeating: 0x31, count: Self.mib), times: 256,
            suffix: "\"><v>1</v></c></row></sheetData></worksheet>")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = Self.read(url)
        let l = Self.limit(r.error)
        #expect(
            l?.part == Self.part && l?.what.hasPrefix(XMLByteScanner.tagLimitName) == true
                && l?.what.hasSuffix("(in row 2)") == true && l?.limit == XLSXLimits.defaultMaxTagBytes,
            "\(String(describing: r.error))")
        #expect(r.seconds < 5, "took \(r.seconds) s")
    }

    @Test("a tag with a 2 MiB attribute in the workbook part (read whole) fails at the tag limit")
    func hugeAttributeInWorkbookPart() throws {
        let workbook =
            "<workbook xmlns=\"\(HostileWorkbook.main)\" xmlns:r=\"\(HostileWorkbook.rel)\"><sheets>"
            + "<sheet name=\"" + String(repeating: "n", count: 2 * Self.mib)
            + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
        var z = HostileWorkbook.package(workbook: Array(workbook.utf8))
        z.deflated(Self.part, HostileWorkbook.sheet(rows: 1))
        let url = try z.write("wbattr")
        defer { try? FileManager.default.removeItem(at: url) }
        let l = Self.limit(Self.read(url).error)
        #expect(
            l?.part == "xl/workbook.xml" && l?.what == XMLByteScanner.tagLimitName
                && l?.limit == XLSXLimits.defaultMaxTagBytes)
    }

    @Test("a 256 MiB cell value fails at the cell limit, not the row limit")
    func hugeCellValue() throws {
        let url = try Self.bigSheet(
            "cellvalue", prefix: Self.sheetStart + "<row r=\"2\"><c r=\"B2\"><v>",
            block: [UInt8](repeating: 0x37, count: Self.mib), times: 256,
            suffix: "</v></c></row></sheetData></worksheet>")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = Self.read(url)
        let l = Self.limit(r.error)
        #expect(
            l?.part == Self.part && l?.what.hasPrefix("bytes in one cell") == true
                && l?.what.contains("B2") == true && l?.limit == XLSXLimits.defaultMaxCellBytes,
            "\(String(describing: r.error))")
        #expect(r.seconds < 5, "took \(r.seconds) s")
    }

    @Test("a 256 MiB processing instruction and a 256 MiB CDATA section fail at the markup limit")
    func hugeInstructionAndCDATA() throws {
        for (open, word) in [("<?pi ", "processing instruction"), ("<![CDATA[", "CDATA")] {
            let url = try Self.bigSheet(
                "pi", prefix: Self.sheetStart + open,
                block: [UInt8](repeating: 0x3F, count: Self.mib), times: 256)  // '?' bytes
            defer { try? FileManager.default.removeItem(at: url) }
            let r = Self.read(url)
            let l = Self.limit(r.error)
            #expect(
                l?.part == Self.part && l?.what.contains(word) == true
                    && l?.limit == XLSXLimits.defaultMaxMarkupBytes, "\(String(describing: r.error))")
            #expect(r.seconds < 5, "took \(r.seconds) s")
        }
    }

    @Test("a row longer than the row limit fails near the limit; a long row with many </row> in CDATA is linear")
    func longRows() throws {
        // 4 KiB inline strings whose CDATA holds "</row>" every few bytes: every chunk has a false row end.
        let cdata = "<![CDATA[" + String(repeating: "ab</row>", count: 500) + "]]>"
        func cell(_ k: Int) -> [UInt8] { Array("<c t=\"inlineStr\"><is><t>\(cdata)</t></is></c>".utf8) }
        // Columns are at most 16,384: the repeated block is one cell with no r= (the column counts up).
        let block = cell(0)
        let limits = XLSXLimits(maxRowBytes: 8 * Self.mib)
        let over = try Self.bigSheet(
            "longrow", prefix: Self.sheetStart + "<row r=\"2\">", block: block, times: 16_000,
            suffix: "</row></sheetData></worksheet>")
        defer { try? FileManager.default.removeItem(at: over) }
        let r = Self.read(over, limits: limits)
        let l = Self.limit(r.error)
        #expect(
            l?.what.hasPrefix("bytes in one row") == true && l?.limit == 8 * Self.mib, "\(String(describing: r.error))")

        var times: [Double] = []
        for cells in [1_000, 4_000] {  // 4 and 16 MiB rows, within the default 64 MiB limit
            let url = try Self.bigSheet(
                "row\(cells)", prefix: Self.sheetStart + "<row r=\"2\">", block: block,
                times: cells, suffix: "</row></sheetData></worksheet>")
            defer { try? FileManager.default.removeItem(at: url) }
            let wb = try XLSXWorkbook(url: url)
            wb.parsesOnSecondThread = false
            let start = Date()
            var widths: [Int] = []
            try wb.readRows(of: wb.sheets[0]) {
                widths.append($0.cells.count)
                return true
            }
            times.append(Date().timeIntervalSince(start))
            #expect(widths == [1, cells])
        }
        print("a row of 1,000 and of 4,000 4 KiB cells with false </row>s: \(times[0]) s, \(times[1]) s")
        #expect(times[1] < 8 * times[0] + 0.5, "4 MiB: \(times[0]) s, 16 MiB: \(times[1]) s")
    }

    @Test("a row cut at every byte (chunks of 1 to 64 bytes) reads the same as in one chunk, on either thread")
    func rowsCutAtEveryPlace() throws {
        let rows = """
            <?xml version="1.0"?><!-- a comment with </row> and <row> --><x:worksheet xmlns:x="\(HostileWorkbook.main)">\
            <x:sheetData><x:row r="1" spans="1:3"><x:c r="A1" t="inlineStr"><x:is><x:t><![CDATA[x</row>y&]]></x:t></x:is></x:c>\
            <x:c r="C1"><x:v>2.5</x:v></x:c></x:row><?pi stuff?><x:row r="2"/><!----><x:row r="3">\
            <x:c r="B3" t="str"><x:v>a&amp;b</x:v></x:c><x:c t="b"><x:v><!-- c -->1</x:v></x:c></x:row>\
            </x:sheetData></x:worksheet>
            """
        var plain = ""
        for r in 4...12 {
            plain +=
                "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"inlineStr\"><is><t>\(String(repeating: "v", count: r * 3))</t></is></c><c><v>\(r)</v></c></row>"
        }
        let other = "<worksheet xmlns=\"\(HostileWorkbook.main)\"><sheetData>\(plain)</sheetData></worksheet>"
        for xml in [rows, other] {
            for method in ["stored", "deflated"] {
                var z = HostileWorkbook.package()
                if method == "stored" {
                    z.stored(Self.part, Array(xml.utf8))
                } else {
                    z.deflated(Self.part, Array(xml.utf8))
                }
                let url = try z.write("cut")
                defer { try? FileManager.default.removeItem(at: url) }
                let whole = Self.read(url)
                #expect(whole.error == nil, "\(String(describing: whole.error))")
                #expect(whole.rows.count >= 3)
                for chunk in Array(1...17) + [31, 64] {
                    for onSecondThread in [true, false] {
                        let cut = Self.read(url, onSecondThread: onSecondThread, chunkSize: chunk)
                        #expect(cut.error == nil, "chunk \(chunk): \(String(describing: cut.error))")
                        #expect(
                            cut.rows.map(\.number) == whole.rows.map(\.number)
                                && cut.rows.map(\.cells) == whole.rows.map(\.cells),
                            "chunk \(chunk), \(method), second thread \(onSecondThread)")
                    }
                }
            }
        }
    }

    // MARK: ZIP structure

    @Test("64 entries of 1 GiB declared that point at the same bytes are refused when the workbook is opened")
    func overlappingEntries() throws {
        var z = HostileWorkbook.package(sheets: 64)
        let payload = HostileZip.deflateRepeated(
            prefix: Array(Self.sheetStart.utf8), block: [UInt8](repeating: 0x20, count: Self.mib),
            times: 4, suffix: Array("</sheetData></worksheet>".utf8))
        let first = z.add("xl/worksheets/sheet1.xml", payload: payload, method: 8, uncompressedSize: 1 << 30, crc: 0)
        for k in 2...64 {
            var r = first
            r.name = "xl/worksheets/sheet\(k).xml"
            z.addRecord(r)
        }
        let url = try z.write("overlap")
        defer { try? FileManager.default.removeItem(at: url) }
        let r = Self.read(url)
        guard case .overlappingEntries(_, let part, let other)? = r.error as? XLSXError else {
            Issue.record("expected overlappingEntries, got \(String(describing: r.error))")
            return
        }
        #expect(part.hasPrefix("xl/worksheets/sheet") && other.hasPrefix("the part 'xl/worksheets/sheet"))
        #expect(r.seconds < 1)
        // The workbook writer's index of the same archive (ZipIndex) refuses it too, in the zip layer's terms.
        #expect {
            try ZipArchiveIndex(path: url.path)
        } throws: { error in
            guard case .overlappingEntries? = error as? ZipError else { return false }
            return true
        }
    }

    @Test("an entry whose data runs into the central directory is refused")
    func entryOverlapsCentralDirectory() throws {
        let sheet = HostileWorkbook.sheet(rows: 2)
        var z2 = HostileWorkbook.package()
        // The sheet's central record claims 30 bytes more than were written: the central directory's first bytes.
        var rec = z2.addLocalOnly(Self.part, payload: sheet, method: 0, crc: HostileZip.crc(sheet))
        rec.compressedSize += 30
        rec.uncompressedSize += 30
        z2.addRecord(rec)
        let url = try z2.write("overlapcd")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(
            Self.read(url).error as? XLSXError
                == .overlappingEntries(path: url.path, part: Self.part, other: "the ZIP central directory"))
    }

    @Test("a ZIP with more entries than the limit is refused")
    func tooManyEntries() throws {
        var z = HostileWorkbook.package()
        z.deflated(Self.part, HostileWorkbook.sheet(rows: 1))
        z.deflated("docProps/app.xml", Array("<Properties/>".utf8))
        let url = try z.write("entries")
        defer { try? FileManager.default.removeItem(at: url) }
        let l = Self.limit(Self.read(url, limits: XLSXLimits(maxZipEntries: 4)).error)
        #expect(l?.part == ZipDirectory.directoryName && l?.what == "entries in the ZIP archive" && l?.limit == 4)
        #expect(Self.read(url).error == nil)
    }

    @Test("the declared sizes of the parts read are budgeted: a sheet past the total is refused; re-reads are free")
    func totalBudget() throws {
        var z = HostileWorkbook.package(sheets: 3)
        let sheet = HostileWorkbook.sheet(rows: 100)  // about 4 KB each
        for k in 1...3 { z.deflated("xl/worksheets/sheet\(k).xml", sheet) }
        let url = try z.write("budget")
        defer { try? FileManager.default.removeItem(at: url) }
        let limits = XLSXLimits(maxTotalUncompressedBytes: UInt64(2 * sheet.count + 2_000))
        let wb = try XLSXWorkbook(url: url, limits: limits)
        for _ in 0..<3 { try wb.readRows(of: wb.sheets[0]) { _ in true } }  // charged once
        try wb.readRows(of: wb.sheets[1]) { _ in true }
        do {
            try wb.readRows(of: wb.sheets[2]) { _ in true }
            Issue.record("the third sheet should pass the budget")
        } catch {
            let l = Self.limit(error)
            #expect(
                l?.part == "xl/worksheets/sheet3.xml" && l?.what.hasPrefix("bytes declared uncompressed") == true
                    && l?.limit == 2 * sheet.count + 2_000, "\(error)")
        }
        #expect(XLSXLimits.default.maxTotalUncompressedBytes == 8 << 30)
    }

    // MARK: CRC-32 and sizes

    @Test(
        "a sheet whose CRC-32 does not match is refused after its rows, deflated or stored, on either thread",
        arguments: ["deflated", "stored"])
    func checksumMismatchInSheet(_ method: String) throws {
        let sheet = HostileWorkbook.sheet(rows: 20_000)  // several chunks
        let good = HostileZip.crc(sheet)
        var z = HostileWorkbook.package()
        if method == "stored" {
            z.stored(Self.part, sheet, crc: good ^ 1)
        } else {
            z.deflated(Self.part, sheet, crc: good ^ 1)
        }
        let url = try z.write("crc-\(method)")
        defer { try? FileManager.default.removeItem(at: url) }
        for onSecondThread in [true, false] {
            let r = Self.read(url, onSecondThread: onSecondThread)
            #expect(
                r.error as? XLSXError
                    == .checksumMismatch(path: url.path, part: Self.part, expected: good ^ 1, found: good))
            #expect(r.rows.count == 20_000)
            #expect((r.error as? XLSXError)?.description.contains("CRC-32") == true)
        }
        // The fuzz build's switch (not public) reads it.
        let wb = try XLSXWorkbook(url: url, limits: .default, verifiesChecksums: false)
        var n = 0
        try wb.readRows(of: wb.sheets[0]) { _ in
            n += 1
            return true
        }
        #expect(n == 20_000)
    }

    @Test("a small part whose CRC-32 does not match is refused when the workbook is opened")
    func checksumMismatchInWorkbookPart() throws {
        var z = HostileZip()
        z.deflated("_rels/.rels", HostileWorkbook.rootRels)
        z.stored("xl/workbook.xml", HostileWorkbook.workbook(sheets: 1), crc: 0)
        z.deflated("xl/_rels/workbook.xml.rels", HostileWorkbook.workbookRels(sheets: 1))
        z.deflated(Self.part, HostileWorkbook.sheet(rows: 1))
        let url = try z.write("crc-small")
        defer { try? FileManager.default.removeItem(at: url) }
        guard case .checksumMismatch(_, let part, let expected, _)? = Self.read(url).error as? XLSXError else {
            Issue.record("expected checksumMismatch")
            return
        }
        #expect(part == "xl/workbook.xml" && expected == 0)
    }

    @Test("a part that inflates to fewer bytes than it declares is refused")
    func shorterThanDeclared() throws {
        let sheet = HostileWorkbook.sheet(rows: 10)
        var z = HostileWorkbook.package()
        z.add(
            Self.part, payload: HostileZip.deflate(sheet), method: 8, uncompressedSize: sheet.count + 5,
            crc: HostileZip.crc(sheet))
        let url = try z.write("short")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(
            Self.read(url).error as? XLSXError
                == .sizeMismatch(
                    path: url.path, part: Self.part, declared: UInt64(sheet.count + 5), actual: UInt64(sheet.count)))
    }
}
