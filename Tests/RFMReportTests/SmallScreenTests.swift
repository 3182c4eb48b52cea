import Foundation
import RFMSite
import Testing

/// At phone width (390 px) the pages stay readable: every table sits in a box that scrolls sideways and says so,
/// key figures sit two per row, and charts keep a width at which their smallest text is 10 px or more (and scroll).
@Suite struct SmallScreenTests {
    /// The rules of `css` inside `@media (max-width: N px)` blocks with N of at least 390, joined.
    func smallScreenRules(_ css: String) -> String {
        var out = ""
        var rest = Substring(css)
        while let media = rest.range(of: #"@media \(max-width: ([0-9]+)px\) \{"#, options: .regularExpression) {
            let width = Int(rest[media].filter(\.isNumber)) ?? 0
            var depth = 1
            var i = media.upperBound
            while i < rest.endIndex && depth > 0 {
                if rest[i] == "{" { depth += 1 }
                if rest[i] == "}" { depth -= 1 }
                i = rest.index(after: i)
            }
            if width >= 390 { out += rest[media.upperBound..<i] }
            rest = rest[i...]
        }
        return out
    }

    /// The declarations of the first rule of `rules` whose selector list contains `selector`.
    func declarations(_ rules: String, _ selector: String) -> String? {
        var rest = Substring(rules)
        while let open = rest.firstIndex(of: "{") {
            let selectors = rest[..<open].split(separator: "}").last.map(String.init) ?? ""
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            if selectors.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespacesAndNewlines) == selector
            }) {
                return String(rest[rest.index(after: open)..<close])
            }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }

    @Test(arguments: ["default", "dark"]) func theStylesheetHasTheSmallScreenRules(theme: String) throws {
        let css = try Theme.load(name: theme).stylesheet
        let small = smallScreenRules(css)
        #expect(declarations(small, ".figures")?.contains("grid-template-columns: repeat(2, minmax(0, 1fr))") == true)
        let cue = try #require(declarations(small, ".table-wrap:has(tr > :nth-child(4))::before"))
        #expect(cue.contains("content: \"Scroll sideways") && cue.contains("position: sticky"))
        #expect(declarations(css, ".table-wrap")?.contains("overflow-x: auto") == true)
        #expect(declarations(small, "figure.chart")?.contains("overflow-x: auto") == true)
        #expect(declarations(small, "figure.chart img")?.contains("min-width: var(--chart-min-width") == true)
        #expect(declarations(small, ".grid-2")?.contains("minmax(0, 1fr)") == true, "a chart must not widen the page")
    }

    @Test func everyTableIsInAScrollingBoxAndEveryChartHasItsReadableWidth() throws {
        let fm = FileManager.default
        let segments = try fm.contentsOfDirectory(atPath: sampleReport.appendingPathComponent("segments").path)
            .filter { $0.hasSuffix(".html") }.map { "segments/" + $0 }
        let pages = try fm.contentsOfDirectory(atPath: sampleReport.path).filter { $0.hasSuffix(".html") } + segments
        var tables = 0
        var charts = 0
        for page in pages {
            let html = try String(contentsOf: sampleReport.appendingPathComponent(page), encoding: .utf8)
            let pieces = html.components(separatedBy: "<table")
            for before in pieces.dropLast() {
                tables += 1
                #expect(
                    before.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("<div class=\"table-wrap\">"),
                    "\(page): a table outside a .table-wrap")
            }
            for figure in html.components(separatedBy: "<figure class=\"chart").dropFirst() {
                charts += 1
                let tag = String(figure.prefix { $0 != ">" })
                let width = try #require(Int(attributeValues(figure, "width").first ?? ""), "\(page)")
                let range = try #require(tag.range(of: #"--chart-min-width: [0-9]+px"#, options: .regularExpression))
                let minimum = try #require(Int(tag[range].filter(\.isNumber)))
                // The charts' smallest text is 10 to 13 px: a readable width is 10/13 of the chart or more.
                #expect(minimum >= width * 10 / 13 && minimum <= width, "\(page): \(tag)")
            }
        }
        #expect(tables >= 10 && charts >= 8)
    }
}
