import Foundation
import TestSupport
import Testing

@testable import RFMWorkbook

/// The written file is a complete, well-formed OOXML package.
@Suite struct PackageTests {
    @Test(.enabled(if: Prerequisites.hasPython3, "needs \(Prerequisites.python3)"))
    func everyBlockKindMakesAValidPackage() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("all.xlsx").path
        let report = try WorkbookWriter.write(Fixture.spec, to: path)
        if let keep = ProcessInfo.processInfo.environment["RFMWORKBOOK_KEEP"] {  // to look at it in a spreadsheet
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: path, toPath: keep)
        }
        #expect(report.sheetNames == ["Summary", "Customers", "Models_ k_means_"])
        #expect(report.splitSheets.isEmpty)
        #expect(!report.constantMemory)

        let listing = try Support.run("/usr/bin/unzip", ["-Z1", path])
        #expect(listing.status == 0)
        let parts = Set(listing.out.split(separator: "\n").map(String.init))
        for part in [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml",
            "xl/tables/table1.xml", "xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml",
            "xl/styles.xml", "docProps/core.xml",
        ] {
            #expect(parts.contains(part), "missing part \(part)")
        }
        #expect(!parts.contains("xl/worksheets/sheet4.xml"))

        let result = try #require(try Support.python(Prerequisites.python3, Scripts.package, [path]) as? [String: Any])
        #expect((result["missing"] as? [String]) == [], "dangling relationships")
        #expect((result["malformed"] as? [String]) == [], "malformed XML")
        #expect((result["overridesMissing"] as? [String]) == [])
        #expect(result["crc"] is NSNull)
        #expect((result["sheets"] as? [String]) == report.sheetNames)
        let refs = try #require(result["chartRefs"] as? [String: [String]])
        let all = refs.values.flatMap { $0 }
        #expect(all.contains("Summary!$A$10:$A$12"), "categories of the segment charts: \(all)")
        #expect(all.contains("Summary!$B$10:$B$12"))
        #expect(all.contains("Summary!$C$10:$C$12"))
        #expect(all.contains("'Models_ k_means_'!$B$3:$B$7"))
    }

    @Test func noTemporaryFilesAreLeft() throws {
        let folder = try Support.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try WorkbookWriter.write(Fixture.spec, to: folder.appendingPathComponent("a.xlsx").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.xlsx"])
    }
}
