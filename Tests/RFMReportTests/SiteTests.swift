import Foundation
import RFMCore
import RFMReport
import RFMSite
import Testing

let themesDirectory = packageRoot.appendingPathComponent("themes")

/// One full report of the shipped sample with the default theme, shared by the site and workbook tests.
let sampleReport: URL = {
    let out = temporaryFolder().appendingPathComponent("report")
    let theme = try! Theme.load(name: "default", themesDirectory: themesDirectory)
    _ = try! ReportRun(options: ReportOptions(inputs: [sampleCSV], outputFolder: out.path, quiet: true, theme: theme))
        .run()
    return out
}()

/// Checks that tags nest: every opened element is closed in order (void elements excepted). Returns problems.
func tagProblems(_ html: String) -> [String] {
    let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    var stack: [String] = []
    var problems: [String] = []
    var rest = Substring(html)
    while let open = rest.firstIndex(of: "<") {
        rest = rest[open...]
        if rest.hasPrefix("<!--") {
            rest = rest[(rest.range(of: "-->")?.upperBound ?? rest.endIndex)...]
            continue
        }
        guard let close = rest.firstIndex(of: ">") else {
            problems.append("unclosed tag")
            break
        }
        let tag = rest[rest.index(after: rest.startIndex)..<close]
        rest = rest[rest.index(after: close)...]
        if tag.hasPrefix("!") || tag.hasPrefix("?") { continue }
        let selfClosing = tag.hasSuffix("/")
        let name =
            tag.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "\n" }).first.map { $0.lowercased() } ?? ""
        if tag.hasPrefix("/") {
            let closing = String(tag.dropFirst()).lowercased()
            if stack.last == closing {
                stack.removeLast()
            } else {
                problems.append("</\(closing)> closes <\(stack.last ?? "nothing")>")
            }
        } else if !void.contains(name) && !selfClosing && !name.isEmpty {
            stack.append(name)
            if name == "style" || name == "script" {
                if let end = rest.range(of: "</\(name)>") {
                    rest = rest[end.upperBound...]
                    stack.removeLast()
                }
            }
        }
    }
    if !stack.isEmpty { problems.append("unclosed: \(stack.joined(separator: ", "))") }
    return problems
}

/// The values of `attribute="..."` in the text.
func attributeValues(_ html: String, _ attribute: String) -> [String] {
    var out: [String] = []
    var rest = Substring(html)
    let needle = " \(attribute)=\""
    while let r = rest.range(of: needle) {
        let after = rest[r.upperBound...]
        guard let end = after.firstIndex(of: "\"") else { break }
        out.append(String(after[..<end]))
        rest = after[end...]
    }
    return out
}

@Suite struct SiteTests {
    var pages: [URL] {
        let fm = FileManager.default
        let top = (try? fm.contentsOfDirectory(at: sampleReport, includingPropertiesForKeys: nil)) ?? []
        let segments =
            (try? fm.contentsOfDirectory(
                at: sampleReport.appendingPathComponent("segments"), includingPropertiesForKeys: nil)) ?? []
        return (top + segments).filter { $0.pathExtension == "html" }.sorted { $0.path < $1.path }
    }

    @Test func everyPageIsThereAndWellFormed() throws {
        let names = pages.map { $0.lastPathComponent }
        for page in [
            "index.html", "data.html", "model.html", "method.html", "champions.html", "at-risk.html", "others.html",
        ] {
            #expect(names.contains(page), "\(page)")
        }
        for page in pages {
            let html = try String(contentsOf: page, encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(tagProblems(html).isEmpty, "\(page.lastPathComponent): \(tagProblems(html))")
        }
    }

    @Test func everyLinkAndImageResolvesInsideTheReportAndNothingPointsToTheNetwork() throws {
        for page in pages {
            let html = try String(contentsOf: page, encoding: .utf8)
            for ref in attributeValues(html, "href") + attributeValues(html, "src") + attributeValues(html, "srcset") {
                #expect(!ref.contains("://"), "\(page.lastPathComponent) refers to the network: \(ref)")
                if ref.hasPrefix("#") || ref.hasPrefix("data:") { continue }
                let path = ref.split(separator: "#").first.map(String.init) ?? ref
                let target = page.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                #expect(
                    FileManager.default.fileExists(atPath: target.path),
                    "\(page.lastPathComponent): \(ref) does not exist")
                #expect(target.path.hasPrefix(sampleReport.standardizedFileURL.path), "\(ref) leaves the report")
            }
            #expect(!html.contains("<script src"), "no external scripts")
        }
        let css = try String(contentsOf: sampleReport.appendingPathComponent("style.css"), encoding: .utf8)
        #expect(!css.contains("@import") && !css.contains("url(http"))
    }

    @Test func theNumbersOnTheDashboardAreTheResult() throws {
        let html = try String(contentsOf: sampleReport.appendingPathComponent("index.html"), encoding: .utf8)
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: sampleReport.appendingPathComponent("result.json")))
            as! [String: Any]
        for segment in json["segments"] as! [[String: Any]] {
            let name = segment["segment"] as! String
            guard let row = html.range(of: ">\(name)</a></th>") else {
                Issue.record("no row for \(name)")
                continue
            }
            let cells = html[row.upperBound...].prefix(600)
            #expect(
                cells.contains("<td class=\"num\">\(PeopleFormat.integer(segment["customers"] as! Int))</td>"),
                "\(name) customers")
            #expect(cells.contains(PeopleFormat.money(segment["revenue"] as! Double, currency: "£")), "\(name) revenue")
            #expect(cells.contains(PeopleFormat.percent(segment["share"] as! Double)), "\(name) share")
        }
        #expect(html.contains(PeopleFormat.money(json["revenue_total"] as! Double, currency: "£")))
        #expect(html.contains("9 Dec 2011"))
        // The clusters in words (their metrics are on the model page): each one's share of customers.
        for cluster in (json["clustering"] as! [String: Any])["clusters"] as! [[String: Any]] {
            #expect(html.contains("(\(PeopleFormat.percent(cluster["share"] as! Double)))"))
        }
    }

    @Test func chartsExistAsPNGAndSVG() throws {
        let charts = try FileManager.default.contentsOfDirectory(
            atPath: sampleReport.appendingPathComponent("charts").path)
        for id in [
            "segment-customers", "segment-revenue", "rf-heatmap", "pca-segments", "pca-clusters",
            "recency-distribution",
            "frequency-distribution", "monetary-distribution", "silhouette-by-k", "cluster-profiles",
            "segment-cluster-crosswalk",
        ] {
            #expect(charts.contains("\(id).png") && charts.contains("\(id).svg"), "\(id)")
        }
        let png = try Data(contentsOf: sampleReport.appendingPathComponent("charts/rf-heatmap.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    /// Golden page: `RFM_RECORD_GOLDEN=1 swift test --filter goldenMethodPage` re-records it after a deliberate change.
    @Test func goldenMethodPage() throws {
        let html = try String(contentsOf: sampleReport.appendingPathComponent("method.html"), encoding: .utf8)
            .replacingOccurrences(of: "\(ToolInfo.name) \(ToolInfo.version)", with: "rfm VERSION")
        let goldenURL = packageRoot.appendingPathComponent("Tests/RFMReportTests/Golden/method.html")
        if ProcessInfo.processInfo.environment["RFM_RECORD_GOLDEN"] == "1" {
            try html.write(to: goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(
            html == golden,
            "method.html differs from Golden/method.html; re-record with RFM_RECORD_GOLDEN=1 if the change is intended")
    }

    @Test func singleFileReportHasEverythingInside() throws {
        let out = temporaryFolder().appendingPathComponent("one")
        let theme = try Theme.load(name: "default", themesDirectory: themesDirectory)
        _ = try ReportRun(
            options: ReportOptions(
                inputs: [sampleCSV], outputFolder: out.path, quiet: true, theme: theme, singleFile: true)
        ).run()
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(tagProblems(html).isEmpty, "\(tagProblems(html))")
        #expect(!html.contains("<link rel=\"stylesheet\""))
        for ref in attributeValues(html, "src") { #expect(ref.hasPrefix("data:image/png;base64,")) }
        for ref in attributeValues(html, "href") { #expect(ref.hasPrefix("#"), "\(ref)") }
        #expect(html.contains("<svg"))
        #expect(
            html.contains("id=\"model-page\"") && html.contains("id=\"data-page\"")
                && html.contains("id=\"method-page\""))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("charts").path))
    }

    @Test func unknownThemesAndBrokenTemplatesAreClearErrors() throws {
        #expect { _ = try Theme.load(name: "nope", themesDirectory: themesDirectory) } throws: { error in
            let e = error as? ThemeError
            return e?.file == nil && e?.description.contains("available: dark, default") == true
        }
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("broken"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: themesDirectory.appendingPathComponent("default"), to: dir.appendingPathComponent("default"))
        try Data("{{#segments}} never closed".utf8).write(to: dir.appendingPathComponent("broken/index.mustache"))
        #expect { _ = try Theme.load(name: "broken", themesDirectory: dir) } throws: { error in
            (error as? ThemeError)?.file == "index.mustache"
        }
        try Data("{\"name\": 1}".utf8).write(to: dir.appendingPathComponent("broken/palette.json"))
        #expect { _ = try Theme.load(name: "broken", themesDirectory: dir) } throws: { error in
            (error as? ThemeError)?.file == "palette.json"
        }
    }
}
