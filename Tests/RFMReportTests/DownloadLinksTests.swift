import Foundation
import RFMReport
import RFMSite
import Testing

/// Every page links the report's files as real downloads; a segment page links its own CSV, the changes page the
/// win-back list; every one of those files is in the report.
@Suite struct DownloadLinksTests {
    func pages(_ folder: URL) throws -> [String] {
        let segments = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("segments").path
        )
        .filter { $0.hasSuffix(".html") }.map { "segments/" + $0 }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }
            + segments
    }

    @Test func everyPageLinksTheDownloadsAndEachSegmentItsCSV() throws {
        let report = sampleReport
        for page in try pages(report) {
            let html = try String(contentsOf: report.appendingPathComponent(page), encoding: .utf8)
            let root = page.hasPrefix("segments/") ? "../" : ""
            for download in ReportSite.downloads {
                #expect(html.contains("<a href=\"\(root)\(download.file)\" download>"), "\(page): \(download.file)")
                #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent(download.file).path))
            }
            if page.hasPrefix("segments/") {
                let csv = String(page.dropFirst("segments/".count).dropLast(".html".count)) + ".csv"
                #expect(html.contains("<a href=\"\(csv)\" download>"), "\(page) links \(csv)")
                #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent("segments/\(csv)").path))
            }
        }
    }

    @Test func theChangesPageLinksTheWinBackList() throws {
        let out = temporaryFolder().appendingPathComponent("monthly")
        var options = ReportOptions(inputs: [sampleCSV], outputFolder: out.path, quiet: true)
        options.theme = try Theme.load(name: "default")
        options.snapshot = .month(year: 2011, month: 11)
        _ = try ReportRun(options: options).run()
        let html = try String(contentsOf: out.appendingPathComponent("changes.html"), encoding: .utf8)
        #expect(html.contains("<a href=\"winback.csv\" download>"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("winback.csv").path))
    }
}
