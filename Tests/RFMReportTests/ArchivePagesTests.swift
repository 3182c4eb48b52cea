import Foundation
import RFMReport
import RFMSite
import Testing

/// An archive (`--months`) is one site: every page of every month links the archive's index and the months before
/// and after it, with links that resolve on disk; the index shows the segments' shares month by month.
@Suite struct ArchivePagesTests {
    static let months = ["2011-09", "2011-10", "2011-11"]

    /// A three-month archive of the sample, so that the middle month has both neighbours.
    static let archive: URL = {
        let out = temporaryFolder().appendingPathComponent("archive")
        let options = ReportOptions(
            inputs: [sampleCSV], outputFolder: out.path, quiet: true, theme: try! Theme.load(name: "default"))
        _ = try! ArchiveRun(options: options, months: ArchiveRun.parseRange("2011-09...2011-11")!).run()
        return out
    }()

    /// The pages of a month's folder, by path inside it.
    func pages(_ month: URL) throws -> [String] {
        let fm = FileManager.default
        let segments = try fm.contentsOfDirectory(atPath: month.appendingPathComponent("segments").path)
            .filter { $0.hasSuffix(".html") }.map { "segments/" + $0 }
        return try fm.contentsOfDirectory(atPath: month.path).filter { $0.hasSuffix(".html") } + segments
    }

    @Test func everyMonthPageLinksTheArchiveAndTheMonthsBesideIt() throws {
        for (k, month) in Self.months.enumerated() {
            let folder = Self.archive.appendingPathComponent(month)
            let pages = try pages(folder)
            #expect(pages.count >= 12, "\(month): \(pages)")  // index, changes, data, model, method, 7 segments
            for page in pages {
                let html = try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
                let nav = try #require(
                    html.range(of: #"<nav class="archive"[^>]*>.*?</nav>"#, options: .regularExpression).map {
                        String(html[$0])
                    }, "\(month)/\(page) has no archive bar")
                let root = page.hasPrefix("segments/") ? "../" : ""
                var expected = ["\(root)../index.html"]
                if k > 0 { expected.append("\(root)../\(Self.months[k - 1])/index.html") }
                if k < Self.months.count - 1 { expected.append("\(root)../\(Self.months[k + 1])/index.html") }
                #expect(attributeValues(nav, "href") == expected, "\(month)/\(page)")
                for href in expected {
                    let target = folder.appendingPathComponent(page).deletingLastPathComponent()
                        .appendingPathComponent(href).standardizedFileURL
                    #expect(FileManager.default.fileExists(atPath: target.path), "\(month)/\(page): \(href)")
                    #expect(target.path.hasPrefix(Self.archive.standardizedFileURL.path))
                }
                #expect(nav.contains("rel=\"prev\"") == (k > 0) && nav.contains("rel=\"next\"") == (k < 2))
            }
        }
        // A report outside an archive has no such bar.
        let single = try String(contentsOf: sampleReport.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!single.contains("<nav class=\"archive\""))
    }

    @Test func theIndexShowsTheSegmentSharesAndLinksOnlyFilesItHas() throws {
        let index = try String(contentsOf: Self.archive.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(tagProblems(index).isEmpty, "\(tagProblems(index))")
        #expect(index.contains("srcset=\"charts/segment-shares.svg\""))
        #expect(index.contains("src=\"charts/segment-shares.png\""))
        let png = try Data(contentsOf: Self.archive.appendingPathComponent("charts/segment-shares.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // 900 CSS px wide at twice the pixels, one bar per month.
        #expect(png[16..<20].reduce(0) { $0 << 8 | Int($1) } == 1800)
        let svg = try String(
            contentsOf: Self.archive.appendingPathComponent("charts/segment-shares.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("Segment shares month by month"))
        // The alt text names each segment's share in the last month, in the rule order of the segments.
        let alt = try #require(attributeValues(index, "alt").first { $0.contains("share of customers") })
        for name in ["Champions", "Loyal Customers", "At Risk", "Lost", "Others"] { #expect(alt.contains(name)) }
        for ref in attributeValues(index, "href") + attributeValues(index, "src") + attributeValues(index, "srcset")
        where !ref.hasPrefix("#") {
            let path = ref.split(separator: "#").first.map(String.init) ?? ref
            #expect(
                FileManager.default.fileExists(atPath: Self.archive.appendingPathComponent(path).path),
                "the archive index links \(ref), which it does not have")
        }
    }

    @Test func anArchiveOfOneFileReportsLinksEachMonthsFileAndItsWinBackList() throws {
        let out = temporaryFolder().appendingPathComponent("archive")
        let options = ReportOptions(
            inputs: [sampleCSV], outputFolder: out.path, quiet: true, theme: try Theme.load(name: "default"),
            singleFile: true)
        _ = try ArchiveRun(options: options, months: ArchiveRun.parseRange("2011-10...2011-11")!).run()
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("href=\"2011-11/report.html\""))
        for ref in attributeValues(index, "href") + attributeValues(index, "src") where !ref.hasPrefix("#") {
            let parts = ref.split(separator: "#", maxSplits: 1).map(String.init)
            let file = out.appendingPathComponent(parts[0])
            #expect(FileManager.default.fileExists(atPath: file.path), "the archive index links \(ref)")
            if parts.count == 2 {
                let html = try String(contentsOf: file, encoding: .utf8)
                #expect(html.contains(" id=\"\(parts[1])\""), "\(ref) has no target")
            }
        }
    }
}
