import Foundation
import RFMCore
import RFMReport
import RFMSite
import Testing

/// `--single-file`: one `report.html` with every page of the site as a section (each segment's too), every link a
/// link inside the file that has its target, and no id twice in the whole document (inline charts included).
@Suite struct SingleFileTests {
    /// `report.html` of the sample, as of the day after its last invoice or (`month`) a monthly report.
    func report(month: (Int, Int)? = nil) throws -> String {
        let out = temporaryFolder().appendingPathComponent("one")
        var options = ReportOptions(
            inputs: [sampleCSV], outputFolder: out.path, quiet: true, theme: try Theme.load(name: "default"),
            singleFile: true)
        if let (year, month) = month { options.snapshot = .month(year: year, month: month) }
        _ = try ReportRun(options: options).run()
        return try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    }

    /// The values of `pattern`'s first capture group in `text`.
    func captures(_ text: String, _ pattern: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test(arguments: [false, true]) func everySegmentIsASectionAndEveryLinkHasItsTarget(monthly: Bool) throws {
        let html = try report(month: monthly ? (2011, 11) : nil)
        #expect(tagProblems(html).isEmpty, "\(tagProblems(html))")
        let ids = try captures(html, #"\sid="([^"]*)""#)
        let duplicates = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(duplicates.isEmpty, "ids used more than once: \(duplicates)")
        let known = Set(ids)
        let hrefs = try captures(html, #"\shref="([^"]*)""#)
        for href in hrefs {
            #expect(href.hasPrefix("#"), "\(href) leaves the file")
            #expect(known.contains(String(href.dropFirst())), "\(href) has no target")
        }
        // The inline charts' own references (clip paths, glyphs) stay inside their chart and have their targets.
        for reference in try captures(html, #"url\(#([^)]*)\)"#) + captures(html, ##"xlink:href="#([^"]*)""##) {
            #expect(known.contains(reference), "url(#\(reference)) has no target")
        }
        #expect(html.contains("<svg"))
        var pages = ["data-page", "model-page", "method-page"]
        if monthly { pages.append("changes-page") }
        for page in pages {
            #expect(known.contains(page), "no section \(page)")
            #expect(hrefs.contains("#\(page)"), "nothing links \(page)")
        }
        // Each segment's page is a section, linked from the segment table, with its own table of top customers.
        for slug in ReportSite.segmentSlugs(.standard) {
            #expect(known.contains("segment-\(slug)"), "no section for \(slug)")
            #expect(html.contains("<a href=\"#segment-\(slug)\">"), "the segment table does not link \(slug)")
            #expect(known.contains("segment-\(slug)--top"))
        }
        #expect(!html.contains("data-segment="))
    }
}
