/// The one-file report (`--single-file`) made from the site's rendered pages: the overview page is the document,
/// every other page (changes, each segment, data, model, method) becomes a section of it. Ids stay unique in the
/// whole document (a section's ids are prefixed with the section's id) and every link works inside the file: a link
/// to a page goes to its section, a link to a place on a page to that place in its section, and a link to a file
/// beside the report (which the file, made to travel alone, does not have) becomes plain text. The charts' SVG is
/// left as drawn: its ids are already unique (each chart's own prefix).
struct SingleFileDocument {
    /// A page that becomes a section.
    struct Section {
        /// The page's path in the site (`data.html`, `segments/champions.html`): links to it come to the section.
        let path: String
        let title: String
        let lede: String
        /// The page as rendered; its `<main>` is taken.
        let html: String

        /// The section's id; the page's own ids become `ID--NAME`.
        var id: String { SingleFileDocument.sectionID(page: path) }
    }

    /// The id of the section a page becomes: `segment-SLUG` for `segments/SLUG.html`, `NAME-page` for `NAME.html`.
    static func sectionID(page: String) -> String {
        let name = page.hasSuffix(".html") ? String(page.dropLast(".html".count)) : page
        return name.hasPrefix("segments/") ? "segment-" + name.dropFirst("segments/".count) : name + "-page"
    }

    /// Where a link to `page#fragment` of the site goes in the file: `#changes-page--winback`.
    static func anchor(page: String, fragment: String?) -> String {
        let id = page == "index.html" ? "content" : sectionID(page: page)
        guard let fragment, !fragment.isEmpty else { return "#" + id }
        return "#" + (page == "index.html" ? fragment : id + separator + fragment)
    }

    /// The overview page as rendered, its path in the site being `index.html`.
    let index: String
    let sections: [Section]

    /// Separates a section's id from a page's own id; never in a section id (slugs have no `--`).
    static let separator = "--"

    /// The document: the overview with every section at the end of its `<main>`.
    func html() -> String {
        var targets = ["index.html": (id: "content", prefix: "")]
        for s in sections { targets[s.path] = (id: s.id, prefix: s.id + Self.separator) }
        var body = ""
        for s in sections {
            guard let start = s.html.range(of: "<main id=\"content\">"),
                let end = s.html.range(of: "</main>", options: .backwards, range: start.upperBound..<s.html.endIndex)
            else { continue }
            let prefix = s.id + Self.separator
            let content = Self.rewritten(
                String(s.html[start.upperBound..<end.lowerBound]), page: s.path, ownPrefix: prefix, targets: targets)
            body +=
                "<section id=\"\(s.id)\" class=\"page-section\" aria-labelledby=\"\(prefix)title\">\n"
                + "<h2 id=\"\(prefix)title\" class=\"page-title\">\(Self.escaped(s.title))</h2>\n"
                + (s.lede.isEmpty ? "" : "<p class=\"lede\">\(Self.escaped(s.lede))</p>\n") + content + "</section>\n"
        }
        var document = Self.rewritten(index, page: "index.html", ownPrefix: "", targets: targets)
        if let end = document.range(of: "</main>", options: .backwards) {
            document.replaceSubrange(end, with: body + "</main>")
        }
        return document
    }

    /// `html` of the page at `page` with its ids prefixed by `ownPrefix` and its links pointed inside the file.
    /// SVG elements are copied unchanged.
    static func rewritten(
        _ html: String, page: String, ownPrefix: String, targets: [String: (id: String, prefix: String)]
    ) -> String {
        var out = ""
        var rest = Substring(html)
        while let open = rest.range(of: "<svg") {
            out += rewrittenMarkup(rest[..<open.lowerBound], page: page, ownPrefix: ownPrefix, targets: targets)
            let close = rest.range(of: "</svg>", range: open.upperBound..<rest.endIndex)?.upperBound ?? rest.endIndex
            out += rest[open.lowerBound..<close]
            rest = rest[close...]
        }
        return out + rewrittenMarkup(rest, page: page, ownPrefix: ownPrefix, targets: targets)
    }

    /// Markup without SVG: links first (a link to a file beside the report loses its `<a>`), then ids.
    static func rewrittenMarkup(
        _ html: Substring, page: String, ownPrefix: String, targets: [String: (id: String, prefix: String)]
    ) -> String {
        let linked = String(html).replacing(/<a\b([^>]*)>(.*?)<\/a>/.dotMatchesNewlines()) { match -> String in
            let attributes = String(match.output.1)
            guard let href = attributes.firstMatch(of: /\bhref="([^"]*)"/)?.output.1 else {
                return String(match.output.0)
            }
            guard let target = target(of: String(href), page: page, ownPrefix: ownPrefix, targets: targets) else {
                return String(match.output.2)
            }
            let kept = attributes.replacing(/\s+download\b(="[^"]*")?/, with: "").replacing(
                /\bhref="[^"]*"/, with: "href=\"#\(target)\"")
            return "<a\(kept)>\(match.output.2)</a>"
        }
        guard !ownPrefix.isEmpty else { return linked }
        return linked.replacing(/(\s)(id|for|aria-labelledby|aria-describedby|headers)="([^"]*)"/) { match in
            let names = match.output.3.split(separator: " ").map { ownPrefix + $0 }.joined(separator: " ")
            return "\(match.output.1)\(match.output.2)=\"\(names)\""
        }
    }

    /// The id in the file that `href` on the page at `page` leads to; nil for a file beside the report.
    static func target(
        of href: String, page: String, ownPrefix: String, targets: [String: (id: String, prefix: String)]
    ) -> String? {
        if href.hasPrefix("#") { return ownPrefix + href.dropFirst() }
        guard !href.contains(":") else { return nil }
        let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = resolved(String(parts[0]), from: page), let target = targets[path] else { return nil }
        return parts.count > 1 && !parts[1].isEmpty ? target.prefix + parts[1] : target.id
    }

    /// `href` relative to the page at `page`, as a path from the site's root; nil when it leaves the site.
    static func resolved(_ href: String, from page: String) -> String? {
        var components = page.split(separator: "/").dropLast().map(String.init)
        for part in href.split(separator: "/") {
            if part == ".." {
                guard !components.isEmpty else { return nil }
                components.removeLast()
            } else if part != "." {
                components.append(String(part))
            }
        }
        return components.joined(separator: "/")
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
