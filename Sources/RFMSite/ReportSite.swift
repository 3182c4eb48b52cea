import Foundation
import RFMCharts
import RFMConcurrency
import RFMCore
import Segmentation

/// The static HTML report (SPEC §7): index, data, model, method and one page per segment, with the charts as
/// PNG and SVG in `charts/`; or, with `singleFile`, one `report.html` with CSS and charts inside.
public struct ReportSite: Sendable {
    public let analysis: RFMAnalysis
    public let settings: SiteSettings
    public let theme: Theme
    /// Seconds of each model fit, by "algorithm-k" (`kmeans-4`), for the model page's table.
    public let fitSeconds: [String: Double]

    public init(analysis: RFMAnalysis, settings: SiteSettings, theme: Theme, fitSeconds: [String: Double]) {
        self.analysis = analysis
        self.settings = settings
        self.theme = theme
        self.fitSeconds = fitSeconds
    }

    var currency: String { settings.currency }
    var charts: ReportCharts { ReportCharts(analysis: analysis, palette: theme.palette, currency: currency) }

    /// Characters of a segment's name kept in its page's file name.
    static let longestSlug = 48

    /// Page slugs of the segments (file names), unique and safe.
    var segmentSlugs: [String] { Self.segmentSlugs(analysis.rules) }

    /// The slugs of a rule set's segments: `segments/SLUG.html` and `segments/SLUG.csv`.
    public static func segmentSlugs(_ rules: SegmentRuleSet) -> [String] {
        var used = Set<String>()
        return rules.segments.map { rule in
            var slug = String(
                rule.name.lowercased().unicodeScalars.map {
                    CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-"
                })
            while slug.contains("--") { slug = slug.replacingOccurrences(of: "--", with: "-") }
            slug = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
            if slug.isEmpty { slug = "segment" }
            // Bounded, so that any name (rules allow long ones) makes a file name far below the 255-byte limit:
            // a long name keeps its first 48 characters and a hash of the whole name, which keeps it unique.
            if slug.count > Self.longestSlug {
                var hash: UInt32 = 2_166_136_261  // FNV-1a over the name's UTF-8
                for byte in rule.name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
                let hex = String(hash, radix: 16)
                var head = String(slug.prefix(Self.longestSlug))
                while head.hasSuffix("-") { head.removeLast() }
                slug = head + "-" + String(repeating: "0", count: 8 - hex.count) + hex
            }
            var candidate = slug
            var n = 2
            while used.contains(candidate) {
                candidate = "\(slug)-\(n)"
                n += 1
            }
            used.insert(candidate)
            return candidate
        }
    }

    /// Every chart of the report (the dashboard's, the model page's, the changes page's), in page order.
    var allCharts: [ReportChart] { charts.dashboard() + charts.model() + charts.changes() }

    /// The worker threads that draw charts and render pages: every core (each chart has its own Cairo surface).
    static var drawingThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Draws every chart as PNG and SVG into `charts/`. One item per drawing (a chart's PNG and its SVG apart), the
    /// scatter plots first: with thousands of points they are the longest, and started last they were the tail.
    public func writeCharts(into folder: any SiteOutput) throws {
        let all = allCharts
        let isScatter = all.map { c -> Bool in if case .scatter = c.chart.kind { return true } else { return false } }
        let drawings = (all.indices.filter { isScatter[$0] } + all.indices.filter { !isScatter[$0] })
            .flatMap { [(chart: $0, svg: false), (chart: $0, svg: true)] }
        let files = ParallelWork.map(count: drawings.count, threads: Self.drawingThreads) {
            item -> Result<Data, any Error> in
            let (k, svg) = drawings[item]
            let c = all[k]
            return Result {
                svg
                    ? Data(try ChartRenderer.svg(c.chart, idPrefix: c.id + "-").utf8)
                    : try ChartRenderer.png(c.chart, scale: 2)
            }
        }
        for (item, file) in zip(drawings, files) {
            try folder.write(try file.get(), to: "charts/\(all[item.chart].id).\(item.svg ? "svg" : "png")")
        }
    }

    /// Renders the pages (a page needs a chart's size and caption, not its drawing, so this runs beside the charts)
    /// and writes them with the stylesheet.
    public func writePages(into folder: any SiteOutput) throws {
        let dashboard = charts.dashboard()
        let modelCharts = charts.model()
        let changeCharts = charts.changes()
        var pageList: [(path: String, render: @Sendable () throws -> String)] = [
            (
                "index.html",
                { try theme.render("index", indexContext(dashboard.map { Self.chartContext($0, root: "") }, root: "")) }
            ),
            ("data.html", { try theme.render("data", dataContext(root: "")) }),
            (
                "model.html",
                {
                    try theme.render(
                        "model", modelContext(modelCharts.map { Self.chartContext($0, root: "") }, root: ""))
                }
            ),
            ("method.html", { try theme.render("method", methodContext(root: "")) }),
        ]
        if analysis.migration != nil {
            pageList.append(
                (
                    "changes.html",
                    {
                        try theme.render(
                            "changes", changesContext(changeCharts.map { Self.chartContext($0, root: "") }, root: ""))
                    }
                ))
        }
        for (k, slug) in segmentSlugs.enumerated() {
            pageList.append(("segments/\(slug).html", { try theme.render("segment", segmentContext(k, root: "../")) }))
        }
        let pages = pageList
        // On this step's one thread: the charts beside it already keep both cores busy.
        let rendered = pages.map { page in Result { try page.render() } }
        try folder.write(theme.stylesheet, to: "style.css")
        for (page, result) in zip(pages, rendered) {
            try folder.write(try result.get(), to: page.path)
        }
    }

    /// The charts of the one-file report, drawn to be inlined: scatter plots as PNG data URIs (thousands of points
    /// are lighter so), the others as SVG elements; by chart id.
    public func inlineCharts() throws -> [String: InlineChart] {
        var rendered: [String: InlineChart] = [:]
        for (k, c) in allCharts.enumerated() {
            if case .scatter = c.chart.kind {
                rendered[c.id] = InlineChart(
                    dataURI: "data:image/png;base64,"
                        + (try ChartRenderer.png(c.chart, scale: 1.5)).base64EncodedString())
            } else {
                var svg = try ChartRenderer.svg(c.chart, idPrefix: "c\(k)-")
                // Without the XML declaration.
                if let start = svg.range(of: "<svg") { svg = String(svg[start.lowerBound...]) }
                rendered[c.id] = InlineChart(
                    svg: svg.replacingOccurrences(
                        of: "<svg ", with: "<svg style=\"width:100%;height:auto\" ", options: [],
                        range: svg.range(of: "<svg ")))
            }
        }
        return rendered
    }

    /// Writes `report.html`, with the charts drawn by `inlineCharts()`.
    public func writeSingleFile(into folder: any SiteOutput, charts inline: [String: InlineChart]) throws {
        let dashboard = charts.dashboard()
        let modelCharts = charts.model()
        let changeCharts = charts.changes()
        var rendered: [String: [String: Any]] = [:]
        for c in dashboard + modelCharts + changeCharts {
            rendered[c.id] = Self.chartContext(c, root: "", inline: inline[c.id])
        }
        let html = try singleFilePage(
            dashboard: dashboard, model: modelCharts, changes: changeCharts, rendered: rendered)
        try folder.write(html, to: "report.html")
    }

    // MARK: Pieces shared by every page

    func common(page: String, title: String, lede: String, root: String) -> [String: Any] {
        var pages = [("index", "Overview"), ("data", "Data"), ("model", "Clusters"), ("method", "Method")]
        if analysis.migration != nil { pages.insert(("changes", "Changes"), at: 1) }
        let inputs = analysis.transactions.inputs.map(\.shortName).joined(
            separator: ", ")
        var context: [String: Any] = [
            "root": root,
            "page": ["title": title, "lede": lede],
            "nav": pages.map { ["href": "\(root)\($0.0).html", "label": $0.1, "current": $0.0 == page] },
            "theme": ["name": theme.palette.name, "cssVariables": theme.palette.cssVariables],
            "report": [
                "title": "Customer segmentation", "tool": "\(ToolInfo.name) \(ToolInfo.version)",
                "snapshot": PeopleFormat.date(analysis.rfm.snapshot), "inputs": inputs,
                "customers": PeopleFormat.integer(analysis.rfm.customers.count),
            ],
            "downloads": Self.downloads.map { ["href": root + $0.file, "file": $0.file, "what": $0.what] },
            "hasDownloads": true,
        ]
        if let archive = settings.archive { context["archive"] = archive.context(root: root) }
        return context
    }

    /// The report's files for people and programs, linked from every page's footer (and named on the workbook's
    /// Summary); each segment's own CSV is linked from its page.
    public static let downloads: [(file: String, what: String)] = [
        ("segments.xlsx", "the workbook"), ("customers.csv", "every customer"), ("segments.csv", "the segment table"),
        ("result.json", "every number, as data"),
    ]

    /// The context of the theme's `chart` partial for one chart (the archive index's chart uses it too).
    static func chartContext(_ c: ReportChart, root: String, inline: InlineChart? = nil) -> [String: Any] {
        var context: [String: Any] = [
            "id": c.id, "alt": c.alt, "caption": c.caption, "root": root,
            "width": Int(c.chart.width), "height": Int(c.chart.height), "wide": c.chart.width > 700,
            // How narrow the chart may be drawn on a small screen before its smallest text drops below 10 px (a
            // chart that cannot be laid out fails when it is drawn, with the error).
            "minWidth": Int((try? ChartTextSize.narrowestReadableWidth(c.chart)) ?? 0),
        ]
        if let uri = inline?.dataURI { context["dataURI"] = uri }
        if let svg = inline?.svg { context["inlineSVG"] = svg }
        return context
    }

    func figure(_ label: String, _ value: String, _ note: String? = nil, change: String? = nil) -> [String: Any] {
        var f: [String: Any] = ["label": label, "value": value]
        if let note { f["note"] = note }
        if let change { f["change"] = change }
        return f
    }

    /// Orders: distinct invoices, or purchase days when the data has no invoice column (SPEC §4 frequency).
    var ordersLabel: String { analysis.transactions.hasInvoices ? "orders" : "purchase days" }
    var ordersMeaning: String {
        analysis.transactions.hasInvoices ? "distinct invoices" : "distinct days with a purchase per customer"
    }
    /// Orders of all customers up to the snapshot: the sum of their frequencies.
    var orders: Int { analysis.rfm.orders }

    /// What the rows of the file became: removed by cleaning, and (with a snapshot before the data ends) used.
    var rowsNote: String {
        let c = analysis.transactions.cleaning
        let rfm = analysis.rfm
        if rfm.rowsAfterCutoff > 0 {
            return
                "by cleaning, in the whole file; used: \(PeopleFormat.integer(rfm.rowsUsed)) rows up to \(PeopleFormat.date(rfm.snapshot.adding(days: -1))) of \(PeopleFormat.integer(c.rowsRead)) in the file (\(PeopleFormat.integer(rfm.rowsAfterCutoff)) later rows are not used)"
        }
        return
            "by cleaning; used: \(PeopleFormat.integer(c.rowsAfter)) of \(PeopleFormat.integer(c.rowsRead)) rows in the file"
    }

    /// The sum of the segments' revenues of a month, nil when any is unknown.
    func monthRevenueTotal(_ values: [Double?]) -> Double? {
        var total = 0.0
        for v in values {
            guard let v else { return nil }
            total += v
        }
        return total
    }

    /// `+£1,234.00 (+5.2%)`.
    func moneyChange(_ now: Double, before: Double) -> String {
        PeopleFormat.signedMoney(now - before, currency: currency)
            + (PeopleFormat.signedPercent(now, before: before).map { " (\($0))" } ?? "")
    }

    func segmentColour(_ k: Int) -> String {
        let rule = analysis.rules.segments[k]
        return theme.palette.colour(segment: rule.name, index: k, ruleColour: rule.colour)
    }

    /// Where the segment rules came from, for people.
    var rulesSourceText: String {
        if let source = settings.appliedModelSource { return "the model of \(source)" }
        if settings.rulesSource == "default" { return "the standard rules" }
        return URL(fileURLWithPath: settings.rulesSource).lastPathComponent
    }

    var totalRevenue: Double { analysis.segments.reduce(0) { $0 + $1.revenue } }

    func bestContext() -> [String: Any]? {
        guard let c = analysis.clustering else { return nil }
        let best = c.best
        var context: [String: Any] = [
            "algorithm": algorithmName(best.algorithm), "k": best.k,
            "silhouette": best.silhouette.map { PeopleFormat.decimal($0, decimals: 3) } ?? "–",
            "daviesBouldin": best.daviesBouldin.map { PeopleFormat.decimal($0, decimals: 3) } ?? "–",
            "calinskiHarabasz": best.calinskiHarabasz.map { PeopleFormat.decimal($0, decimals: 1) } ?? "–",
            "fits": c.selection.fits.count, "kRange": "\(c.settings.ks.lowerBound)–\(c.settings.ks.upperBound)",
            "sizes": c.profiles.map { PeopleFormat.integer($0.customers) }.joined(separator: ", "),
            "holdout": c.holdout.silhouette.map { PeopleFormat.decimal($0, decimals: 3) } ?? "–",
            "holdoutCustomers": PeopleFormat.integer(c.holdout.testIndices.count),
            "holdoutVerdict": holdoutVerdict(full: best.silhouette, holdout: c.holdout.silhouette),
            "algorithms": c.settings.algorithms.map(algorithmName).joined(separator: ", "),
            "seed": String(c.settings.seed),
        ]
        if case .applied(let source, let trained) = c.origin {
            context["applied"] = ["source": source, "trained": trained]
        }
        context["groups"] = Self.groupsText(c.profiles)
        return context
    }

    /// "lapsed one-time low spenders (61%) and recent frequent high spenders (39%)": each cluster's name and share
    /// of customers, in cluster order, for a sentence.
    static func groupsText(_ profiles: [ClusterProfile]) -> String {
        let parts = profiles.map { p in
            (p.name.prefix(1).lowercased() + p.name.dropFirst()) + " (\(PeopleFormat.percent(p.share)))"
        }
        guard parts.count > 1, let last = parts.last else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + last
    }

    /// A cluster as charts name it: "2 · Recent frequent high spenders".
    static func clusterLabel(_ p: ClusterProfile) -> String { "\(p.cluster) · \(p.name)" }

    func holdoutVerdict(full: Double?, holdout: Double?) -> String {
        guard let full, let holdout else { return "not available." }
        let gap = full - holdout
        if gap <= 0.05 { return "the clusters hold up on customers the model has not seen." }
        if gap <= 0.15 { return "somewhat weaker on unseen customers; treat cluster borders with care." }
        return "much weaker on unseen customers: the clusters may not generalise."
    }

    // MARK: Pages

    func indexContext(_ chartContexts: [[String: Any]], root: String) -> [String: Any] {
        let a = analysis
        let c = a.transactions.cleaning
        var context = common(
            page: "index", title: "Customer segments",
            lede:
                "\(PeopleFormat.integer(a.rfm.customers.count)) customers scored on recency, frequency and spend at \(PeopleFormat.date(a.rfm.snapshot)).",
            root: root)
        let champions = a.segments.first
        let m = a.migration
        let versus = m.map { " vs " + $0.comparedWith } ?? ""
        let lastDay = PeopleFormat.date(a.rfm.snapshot.adding(days: -1))
        var figures = [
            figure(
                "Customers", PeopleFormat.integer(a.rfm.customers.count),
                change: m.map {
                    PeopleFormat.signedInteger(a.rfm.customers.count - $0.changes.reduce(0) { $0 + $1.customersBefore })
                        + versus
                }),
            figure(
                ordersLabel.capitalized, PeopleFormat.integer(orders),
                "\(ordersMeaning) up to \(lastDay), from \(PeopleFormat.integer(a.rfm.rowsUsed)) rows (line items)"),
            figure(
                "Revenue", PeopleFormat.money(totalRevenue, currency: currency),
                "all \(PeopleFormat.integer(orders)) \(ordersLabel) up to \(lastDay)"),
        ]
        if let m, let now = monthRevenueTotal(m.changes.map(\.monthRevenueNow)) {
            let before = monthRevenueTotal(m.changes.map(\.monthRevenueBefore))
            figures.append(
                figure(
                    "Revenue in \(PeopleFormat.monthName(a.rfm.snapshot.adding(days: -1)))",
                    PeopleFormat.money(now, currency: currency), "purchases within the month",
                    change: before.map { moneyChange(now, before: $0) + versus }))
        }
        figures += [
            figure(
                "Snapshot", PeopleFormat.date(a.rfm.snapshot),
                "data from \(PeopleFormat.date(a.rfm.firstTransaction.day)) to \(PeopleFormat.date(a.rfm.lastTransaction.day))"
            ),
            figure("Rows removed", PeopleFormat.integer(c.rowsRead - c.rowsAfter), rowsNote),
        ]
        if let champions {
            figures.append(
                figure(
                    "\(champions.segment) revenue", PeopleFormat.percent(champions.revenueShare),
                    "\(PeopleFormat.percent(champions.share)) of customers"))
        }
        if let c = analysis.clustering,
            let largest = c.profiles.max(by: { ($0.customers, $1.cluster) < ($1.customers, $0.cluster) })
        {
            figures.append(
                figure(
                    "Customer groups", PeopleFormat.integer(c.profiles.count),
                    "the largest: \(largest.name.prefix(1).lowercased() + largest.name.dropFirst()), \(PeopleFormat.percent(largest.share)) of customers"
                ))
        }
        context["figures"] = figures
        context["ordersMeaning"] = ordersMeaning
        let slugs = segmentSlugs
        let totalBefore = m.map { $0.changes.reduce(0) { $0 + $1.customersBefore } } ?? 0
        context["segments"] = a.segments.enumerated().map { k, s -> [String: Any] in
            var row: [String: Any] = [
                "name": s.segment, "slug": slugs[k], "colour": segmentColour(k),
                "customers": PeopleFormat.integer(s.customers),
                "share": PeopleFormat.percent(s.share), "revenue": PeopleFormat.money(s.revenue, currency: currency),
                "revenueShare": PeopleFormat.percent(s.revenueShare),
                "meanRecency": s.recencyMean.map { PeopleFormat.decimal($0, decimals: 0) + " days" } ?? "–",
                "meanFrequency": s.frequencyMean.map { PeopleFormat.decimal($0, decimals: 1) } ?? "–",
                "meanMonetary": s.monetaryMean.map { PeopleFormat.money($0, currency: currency) } ?? "–",
                "strategy": s.strategy,
            ]
            if let change = m?.changes[k] {
                row["customersChange"] = PeopleFormat.signedInteger(change.customersNow - change.customersBefore)
                if totalBefore > 0 {
                    row["shareChange"] = PeopleFormat.signedPoints(
                        s.share - Double(change.customersBefore) / Double(totalBefore))
                }
                row["monthRevenue"] = change.monthRevenueNow.map { PeopleFormat.money($0, currency: currency) } ?? "–"
                if let now = change.monthRevenueNow, let before = change.monthRevenueBefore {
                    row["monthRevenueChange"] = PeopleFormat.signedMoney(now - before, currency: currency)
                }
            }
            return row
        }
        if let m {
            context["monthly"] = [
                "month": PeopleFormat.shortMonth(a.rfm.snapshot.adding(days: -1)), "versus": m.comparedWith,
            ]
        }
        if let source = settings.appliedModelSource {
            context["rulesNote"] =
                "Segments, score cut points and clusters come from the saved model in \(source) (see Method)."
        } else {
            context["rulesNote"] =
                settings.rulesSource == "default"
                ? "Segments follow the standard rules (see Method)."
                : "Segments follow the rules in \(rulesSourceText) (see Method)."
        }
        context["charts"] = chartContexts
        if let best = bestContext() { context["best"] = best }
        if let note = a.clusteringNote { context["clusteringNote"] = note }
        if let m = a.migration {
            // Every segment's net change, then the two most important flows (the changes page has them all).
            var changes: [String: Any] = [
                "previous": m.previousLabel,
                "sentences": Array(m.netSentences().prefix(12)) + m.flowSentences(currency: currency).prefix(2),
            ]
            if let h = a.history, let rule = h.lookBack, let last = h.points.last, h.isShort(last) {
                changes["lookBackWarning"] =
                    "This month-end has only \(PeopleFormat.integer(last.lookBackDays)) days of data before it, less than the "
                    + "\(PeopleFormat.integer(rule.neededDays)) days this report's recency scores need: Lost and At Risk partly "
                    + "mean “first seen near the start of the data”. See the Changes page."
            }
            context["changes"] = changes
            context["page"] = [
                "title": "Customer segments, \(PeopleFormat.monthName(a.rfm.snapshot.adding(days: -1)))",
                "lede":
                    "\(PeopleFormat.integer(a.rfm.customers.count)) customers scored on recency, frequency and spend at the end of \(PeopleFormat.monthName(a.rfm.snapshot.adding(days: -1))).",
            ]
        }
        return context
    }

    func changesContext(_ chartContexts: [[String: Any]], root: String) -> [String: Any] {
        guard let m = analysis.migration else { return [:] }
        var context = common(
            page: "changes", title: "What changed",
            lede: "Customers who moved between segments since \(m.previousLabel).", root: root)
        context["previous"] = m.previousLabel
        context["sentences"] = m.sentences(currency: currency)
        context["scoringNote"] =
            "Scores are recomputed for each month (quartiles of that month's customers), so a customer can change segment "
            + "because others changed."
        let names = analysis.rules.segments.map(\.name)
        let reported = analysis.rfm.snapshot.adding(days: -1)
        let sameData = m.changes.contains { $0.monthRevenueBefore != nil }
        context["month"] = PeopleFormat.shortMonth(reported)
        context["previousMonth"] = PeopleFormat.shortMonth(
            CivilDate(dayNumber: reported.dayNumber - reported.components.day))
        context["beforeHeader"] = m.comparedWith == SegmentMigration.previousReport ? "Before" : "In " + m.comparedWith
        context["hasMonthRevenue"] = m.changes.allSatisfy { $0.monthRevenueNow != nil }
        context["hasMonthRevenueBefore"] = sameData
        let totalNow = max(1, m.changes.reduce(0) { $0 + $1.customersNow })
        let totalBefore = m.changes.reduce(0) { $0 + $1.customersBefore }
        context["segmentChanges"] = m.changes.enumerated().map { k, c -> [String: Any] in
            let shareNow = Double(c.customersNow) / Double(totalNow)
            var row: [String: Any] = [
                "segment": c.segment, "colour": segmentColour(k), "now": PeopleFormat.integer(c.customersNow),
                "before": PeopleFormat.integer(c.customersBefore),
                "change": PeopleFormat.signedInteger(c.customersNow - c.customersBefore),
                "shareNow": PeopleFormat.percent(shareNow),
                "shareChange": totalBefore > 0
                    ? PeopleFormat.signedPoints(shareNow - Double(c.customersBefore) / Double(totalBefore)) : "–",
                "revenueNow": PeopleFormat.money(c.revenueNow, currency: currency),
                "revenueChange": PeopleFormat.signedMoney(c.revenueNow - c.revenueBefore, currency: currency),
            ]
            if let now = c.monthRevenueNow {
                row["monthNow"] = PeopleFormat.money(now, currency: currency)
                if let before = c.monthRevenueBefore {
                    row["monthBefore"] = PeopleFormat.money(before, currency: currency)
                    row["monthChange"] = moneyChange(now, before: before)
                }
            }
            return row
        }
        context["matrixHeader"] = names
        context["matrix"] = m.sources.enumerated().map { k, source -> [String: Any] in
            [
                "source": source, "cells": m.counts[k].map { PeopleFormat.integer($0) },
                "total": PeopleFormat.integer(m.counts[k].reduce(0, +)),
            ]
        }
        func moved(_ c: MovedCustomer) -> [String: Any] {
            [
                "id": c.id, "country": c.country,
                "lastPurchase": CivilDate(iso: c.lastPurchase).map(PeopleFormat.date) ?? c.lastPurchase,
                "revenue": PeopleFormat.money(c.revenue, currency: currency), "previous": c.previousSegment,
                "current": c.segment,
            ]
        }
        context["hasWinBack"] = !m.winBack.isEmpty
        context["winBack"] = m.winBack.map(moved)
        context["hasMovedUp"] = !m.movedUp.isEmpty
        context["movedUp"] = m.movedUp.prefix(50).map(moved)
        context["movedUpShown"] = min(50, m.movedUp.count)
        context["movedUpCount"] = PeopleFormat.integer(m.movedUp.count)
        context["charts"] = chartContexts
        if let h = analysis.history, !h.points.isEmpty {
            context["hasHistory"] = true
            context["history"] = h.points.map { p -> [String: Any] in
                [
                    "month": p.month, "customers": PeopleFormat.integer(p.customers.reduce(0, +)),
                    "monthRevenue": PeopleFormat.money(p.monthRevenue.reduce(0, +), currency: currency),
                    "lookBack": PeopleFormat.integer(p.lookBackDays), "short": h.isShort(p),
                ]
            }
            if let note = lookBackNote(h) { context["lookBackNote"] = note }
        }
        return context
    }

    /// The look-back rule in words, with the month-ends it marks; nil when it marks none.
    func lookBackNote(_ h: MonthlyHistory) -> String? {
        guard let rule = h.lookBack else { return nil }
        let short = h.points.filter(h.isShort).map(\.month)
        guard !short.isEmpty else { return nil }
        let start = PeopleFormat.date(analysis.rfm.firstTransaction.day)
        return
            "Marked month-ends (\(short.joined(separator: ", "))) have less than \(PeopleFormat.integer(rule.neededDays)) days "
            + "of data before them: the look-back this report needs, as it gives recency score 1 (lapsed) "
            + "from \(PeopleFormat.integer(rule.neededDays)) days without a purchase. There nobody can have been away that long, "
            + "so their Lost and At Risk customers are partly customers first seen near the start of the data (\(start)), "
            + "not customers who lapsed. Read them with care."
    }

    func dataContext(root: String) -> [String: Any] {
        let t = analysis.transactions
        let c = t.cleaning
        var context = common(
            page: "data", title: "The data",
            lede: "What was read, what was removed and why, and the first cleaned rows.", root: root)
        context["inputs"] = t.inputs.map { i -> [String: Any] in
            [
                "file": URL(fileURLWithPath: i.file).lastPathComponent, "format": i.format.uppercased(),
                "rows": PeopleFormat.integer(i.rows),
                "layout": i.database != nil
                    ? "PostgreSQL"
                    : i.sheets.isEmpty
                        ? "separator “\(i.delimiter ?? ",")”" : i.sheets.joined(separator: ", "),
                "columns": i.columnsDetected.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(
                    separator: "; "),
            ]
        }
        var left = c.rowsRead
        let rules = CleaningRule.allCases.filter { $0 != .amountNonPositive || c.count($0) > 0 }
        context["rowsRead"] = PeopleFormat.integer(c.rowsRead)
        context["cleaning"] = rules.map { rule -> [String: Any] in
            left -= c.count(rule)
            return [
                "label": rule.label, "removed": PeopleFormat.integer(c.count(rule)), "left": PeopleFormat.integer(left),
            ]
        }
        if analysis.rfm.rowsAfterCutoff > 0 {
            context["afterSnapshot"] = PeopleFormat.integer(analysis.rfm.rowsAfterCutoff)
            context["rowsUsed"] = PeopleFormat.integer(analysis.rfm.rowsUsed)
        }
        context["ordersNote"] =
            "A row is one line item (one product on an invoice): the \(PeopleFormat.integer(analysis.rfm.rowsUsed)) rows "
            + "used, up to \(PeopleFormat.date(analysis.rfm.snapshot.adding(days: -1))), hold "
            + "\(PeopleFormat.integer(orders)) \(ordersLabel) (\(ordersMeaning)) of "
            + "\(PeopleFormat.integer(analysis.rfm.customers.count)) customers."
        context["hasMalformed"] = !c.malformedExamples.isEmpty
        context["malformedShown"] = c.malformedExamples.count
        context["malformedCount"] = PeopleFormat.integer(c.count(.malformed))
        context["malformed"] = c.malformedExamples.map {
            ["where": $0.location.description, "expected": $0.expected, "found": $0.found]
        }
        if let database = t.inputs.lazy.compactMap(\.database).first {
            context["database"] = [
                "connection": database.connection, "source": database.source, "timeZone": database.timeZone,
                "parsed": database.parsedColumns.isEmpty
                    ? "none: every role's column has a number or date type"
                    : database.parsedColumns.joined(separator: ", "),
                "columnTypes": database.columnTypes.joined(separator: ", "),
                "statements": database.statements.map { s -> [String: Any] in
                    var statement: [String: Any] = ["purpose": s.purpose, "sql": s.sql]
                    if !s.parameters.isEmpty {
                        statement["parameters"] = s.parameters.enumerated().map { "$\($0.offset + 1) = \($0.element)" }
                            .joined(separator: ", ")
                    }
                    return statement
                },
            ]
        }
        context["previewCount"] = t.preview.count
        context["preview"] = t.preview.map { p -> [String: Any] in
            [
                "line": p.source.line.map(String.init) ?? "", "invoice": p.invoice, "stockCode": p.stockCode,
                "description": p.description,
                "quantity": p.quantity, "date": p.date, "unitPrice": p.unitPrice,
                "amount": PeopleFormat.money(p.amount, currency: currency), "customer": p.customer,
                "country": p.country,
            ]
        }
        let latin1 = t.latin1Values.customerIDs
        context["encodingNote"] =
            "Text is read as UTF-8; values that are not valid UTF-8 are read as Latin-1"
            + (latin1 > 0 ? " (\(latin1) customer ids were)." : " (none were).")
        return context
    }

    func modelContext(_ chartContexts: [[String: Any]], root: String) -> [String: Any] {
        let fitted = analysis.clustering?.isFitted ?? true
        var context = common(
            page: "model", title: fitted ? "Clusters and model selection" : "Clusters of the saved model",
            lede: fitted
                ? "Three clustering methods, several numbers of clusters, one choice: the fit that separates customers best."
                : "The clusters of a saved model, applied unchanged to these customers.", root: root)
        context["fitsTitle"] = fitted ? "Every fit" : "The applied model on these customers"
        if let note = analysis.clusteringNote { context["clusteringNote"] = note }
        guard let c = analysis.clustering else { return context }
        context["best"] = bestContext()
        context["charts"] = chartContexts
        let fitTimes = fitSeconds
        context["fits"] = c.selection.fits.map { f -> [String: Any] in
            let measure: String
            if let inertia = f.inertia {
                measure = "inertia " + PeopleFormat.decimal(inertia, decimals: 1)
            } else if let ll = f.meanLogLikelihood {
                measure = "log-lik. " + PeopleFormat.decimal(ll, decimals: 3)
            } else {
                measure = "–"
            }
            return [
                "algorithm": algorithmName(f.algorithm), "k": f.k,
                "isBest": f.algorithm == c.best.algorithm && f.k == c.best.k,
                "silhouette": f.silhouette.map { PeopleFormat.decimal($0, decimals: 3) } ?? "–",
                "daviesBouldin": f.daviesBouldin.map { PeopleFormat.decimal($0, decimals: 3) } ?? "–",
                "calinskiHarabasz": f.calinskiHarabasz.map { PeopleFormat.decimal($0, decimals: 1) } ?? "–",
                "sizes": f.sizes.sorted(by: >).map { PeopleFormat.integer($0) }.joined(separator: ", "),
                "fitMeasure": measure,
                "fitTime": fitTimes["\(f.algorithm.rawValue)-\(f.k)"].map {
                    PeopleFormat.decimal($0 * 1000, decimals: 0) + " ms"
                } ?? "",
            ]
        }
        let method = c.selection.fits.first?.silhouetteMethod.description ?? "exact"
        context["silhouetteNote"] =
            method == "exact"
            ? "Silhouettes are exact (every pair of customers)."
            : "Silhouettes are computed on a seeded random \(method) of the customers, against that sample."
        let ward = c.selection.fits.first { $0.algorithm == .ward }?.wardMethod?.description
        context["wardNote"] = ward.map { "Ward: \($0)." } ?? ""
        let names = analysis.rules.segments.map(\.name)
        context["hasClusters"] = true
        context["clusters"] = c.profiles.map { p -> [String: Any] in
            let mix = p.segmentCounts.enumerated().filter { $0.element > 0 }.sorted { $0.element > $1.element }.prefix(
                3
            )
            .map { "\(names[$0.offset]) \(PeopleFormat.percent(Double($0.element) / Double(max(1, p.customers))))" }
            return [
                "cluster": p.cluster, "name": p.name, "customers": PeopleFormat.integer(p.customers),
                "share": PeopleFormat.percent(p.share),
                "revenueShare": PeopleFormat.percent(p.revenueShare),
                // Medians, one statistic per column: the names are made from them.
                "recency": "\(PeopleFormat.decimal(p.recencyMedian, decimals: 0)) days",
                "frequency": PeopleFormat.decimal(p.frequencyMedian, decimals: 1),
                "monetary": PeopleFormat.money(p.monetaryMedian, currency: currency),
                "mix": mix.joined(separator: ", "),
            ]
        }
        context["crosswalkHeader"] = c.profiles.map { ["cluster": $0.cluster, "name": $0.name] }
        context["crosswalk"] = names.indices.map { s -> [String: Any] in
            ["segment": names[s], "counts": c.profiles.map { PeopleFormat.integer($0.segmentCounts[s]) }]
        }
        return context
    }

    func methodContext(root: String) -> [String: Any] {
        let a = analysis
        var context = common(
            page: "method", title: "Method",
            lede: "How recency, frequency, monetary value, scores and segments are defined.", root: root)
        context["snapshotText"] =
            "\(PeopleFormat.date(a.rfm.snapshot)): \(settings.snapshotSummary == "the day after the last invoice" ? "the day after the last invoice in the cleaned data" : "the day after " + settings.snapshotSummary.replacingOccurrences(of: "as of ", with: "")); transactions after it are ignored."
        context["frequencyText"] =
            a.transactions.hasInvoices
            ? "The number of distinct invoices."
            : "The number of distinct days with a purchase (the data has no invoice column)."
        context["ordersText"] =
            a.transactions.hasInvoices
            ? "An order is a distinct invoice."
            : "Without an invoice column, an order is a distinct day with a purchase."
        let needed = LookBackRule(cutPoints: a.scored.cutPoints).map {
            " In this report that is \(PeopleFormat.integer($0.neededDays)) days, the lowest recency with recency score 1."
        }
        context["lookBackText"] =
            "A month-end's look-back is the number of days from the first day of the data to its snapshot: the longest "
            + "any customer there can have gone without a purchase. It is short when it is less than the recency from "
            + "which the report gives recency score 1, the most lapsed quarter of the customers (under the standard "
            + "rules mostly At Risk or Lost)."
            + (needed ?? "")
            + " At a month-end with a short look-back nobody can have been away that long, so its lapsed customers are "
            + "partly customers first seen near the start of the data. Such month-ends are hatched in the history chart, "
            + "marked in the history table and flagged short_look_back in result.json."
        let cuts = a.scored.cutPoints
        func range(_ bands: [ScoreCutPoints.Band], _ s: Int, money: Bool) -> String {
            guard let b = bands.first(where: { $0.score == s }) else { return "–" }
            let f: (Double) -> String =
                money ? { PeopleFormat.money($0, currency: currency) } : { PeopleFormat.decimal($0, decimals: 0) }
            return b.min == b.max ? f(b.min) : "\(f(b.min)) – \(f(b.max))"
        }
        context["cuts"] = (1...4).reversed().map { s -> [String: Any] in
            [
                "score": s, "recency": range(cuts.recency, s, money: false),
                "frequency": range(cuts.frequency, s, money: false),
                "monetary": range(cuts.monetary, s, money: true),
                "count": PeopleFormat.integer(cuts.frequency.first { $0.score == s }?.count ?? 0),
            ]
        }
        let rules = a.rules
        context["fallback"] = rules.fallback.name
        context["rulesSource"] = rulesSourceText
        if let source = settings.appliedModelSource {
            context["scoresFrom"] = "the saved cut points of the model in \(source)"
        }
        context["gridColumns"] = [1, 2, 3, 4]
        context["grid"] = (1...4).reversed().map { r -> [String: Any] in
            [
                "r": r,
                "cells": (1...4).map { f -> [String: Any] in
                    let byM = (1...4).map { rules.segment(r: r, f: f, m: $0) }
                    var parts: [String] = []
                    var k = 0
                    while k < 4 {
                        var e = k
                        while e + 1 < 4 && byM[e + 1] == byM[k] { e += 1 }
                        let name = rules.segments[byM[k]].name
                        parts.append(
                            k == 0 && e == 3 ? name : "\(name) (M \(k + 1 == e + 1 ? "\(k + 1)" : "\(k + 1)–\(e + 1)"))"
                        )
                        k = e + 1
                    }
                    let colour = segmentColour(byM[3])
                    return [
                        "label": parts.joined(separator: " · "), "colour": colour,
                        "textColour": ThemePalette.readableText(on: colour),
                    ]
                },
            ]
        }
        context["rules"] = rules.segments.enumerated().map { k, rule -> [String: Any] in
            let isFallback = k == rules.rules.count
            return [
                "order": isFallback ? "–" : String(k + 1), "name": rule.name, "colour": segmentColour(k),
                "r": isFallback ? "any" : rule.r.description, "f": isFallback ? "any" : rule.f.description,
                "m": isFallback ? "any" : rule.m.description, "description": rule.description,
                "strategy": rule.strategy,
            ]
        }
        var warnings: [String] = []
        if !rules.uncoveredCells.isEmpty {
            warnings.append(
                "\(rules.uncoveredCells.count) of the 64 R/F/M cells match no rule and go to “\(rules.fallback.name)”: \(rules.uncoveredCells.joined(separator: ", "))."
            )
        }
        for name in rules.unreachableRules {
            warnings.append("“\(name)” never matches: earlier rules take all its cells.")
        }
        context["rulesWarnings"] = warnings
        context["naming"] = namingContext()
        context["cleaningRules"] = [
            "Rows that cannot be parsed (a wrong number of fields, a date or number that does not parse) are counted as malformed and listed on the Data page.",
            "Rows without a customer id.", "Cancellations: invoices whose number starts with C.",
            "Rows with a quantity of 0 or less.",
            "Rows with a unit price of 0 or less (with an amount column: an amount of 0 or less).",
            "Exact duplicate rows (all columns equal); the first is kept.",
        ]
        return context
    }

    /// The cluster-naming rule of the method page (`ClusterNaming`), with its thresholds in this data.
    func namingContext() -> [String: Any] {
        let rfm = analysis.rfm
        let overall = rfm.medians(of: Array(rfm.customers.indices))
        let high = ClusterNaming.highRatio
        let low = ClusterNaming.lowRatio
        // "1.5 ×", and the low ratio as the fraction it is ("2/3 ×").
        let times = { (r: Double) in
            (abs(r - 2.0 / 3.0) < 1e-12 ? "2/3" : PeopleFormat.decimal(r, decimals: r == r.rounded() ? 0 : 1)) + " ×"
        }
        let days = { (v: Double) in PeopleFormat.decimal(v, decimals: 0) + " days" }
        let orders = { (v: Double) in PeopleFormat.decimal(v, decimals: 1) + " orders" }
        let money = { (v: Double) in PeopleFormat.money(v, currency: currency) }
        var context: [String: Any] = [
            "factor": PeopleFormat.decimal(high, decimals: 1),
            "overall":
                "in this data \(days(overall.recency)) since the last purchase, \(orders(overall.frequency)), \(money(overall.monetary)) spent",
            "rows": [
                [
                    "dimension": "Days since the last purchase",
                    "low": "“recent”: at most \(times(low)) the median (≤ \(days(low * overall.recency)) here)",
                    "middle": "no word",
                    "high": "“lapsed”: at least \(times(high)) the median (≥ \(days(high * overall.recency)) here)",
                ],
                [
                    "dimension": "Orders",
                    "low": "“one-time”: under \(orders(ClusterNaming.oneTimeOrders))",
                    "middle": "“occasional”",
                    "high":
                        "“frequent”: at least \(times(high)) the median (≥ \(orders(high * overall.frequency)) here)",
                ],
                [
                    "dimension": "Spend",
                    "low": "“low spenders”: at most \(times(low)) the median (≤ \(money(low * overall.monetary)) here)",
                    "middle": "“buyers”",
                    "high":
                        "“high spenders”: at least \(times(high)) the median (≥ \(money(high * overall.monetary)) here)",
                ],
            ],
        ]
        if let c = analysis.clustering, c.namesFromModel, case .applied(let source, _) = c.origin {
            context["fromModel"] = source
        }
        return context
    }

    func segmentContext(_ k: Int, root: String) -> [String: Any] {
        let a = analysis
        let rule = a.rules.segments[k]
        let summary = a.segments[k]
        var context = common(
            page: "segment", title: rule.name, lede: rule.description.isEmpty ? "Segment \(k + 1)" : rule.description,
            root: root)
        let isFallback = k == a.rules.rules.count
        context["csv"] = "\(segmentSlugs[k]).csv"
        context["segment"] = [
            "description": rule.description.isEmpty ? rule.name : rule.description,
            "strategy": rule.strategy.isEmpty ? "–" : rule.strategy,
            "r": isFallback ? "any" : rule.r.description, "f": isFallback ? "any" : rule.f.description,
            "m": isFallback ? "any" : rule.m.description,
        ]
        context["figures"] = [
            figure(
                "Customers", PeopleFormat.integer(summary.customers), "\(PeopleFormat.percent(summary.share)) of all"),
            figure(
                "Revenue", PeopleFormat.money(summary.revenue, currency: currency),
                "\(PeopleFormat.percent(summary.revenueShare)) of all"),
            // The statistic the index's segment table and the workbook's Segments sheet show, under the same name.
            figure(
                "Mean recency", summary.recencyMean.map { PeopleFormat.decimal($0, decimals: 0) + " days" } ?? "–",
                summary.recencyMedian.map {
                    "days since the last purchase; median \(PeopleFormat.decimal($0, decimals: 0))"
                }),
            figure(
                "Mean orders", summary.frequencyMean.map { PeopleFormat.decimal($0, decimals: 1) } ?? "–",
                summary.frequencyMedian.map { "\(ordersMeaning); median \(PeopleFormat.decimal($0, decimals: 1))" }),
            figure(
                "Mean spend", summary.monetaryMean.map { PeopleFormat.money($0, currency: currency) } ?? "–",
                summary.monetaryMedian.map {
                    "revenue per customer; median \(PeopleFormat.money($0, currency: currency))"
                }),
        ]
        let members = a.scored.scores.indices.filter { a.scored.scores[$0].segment == k }
        let top = members.sorted {
            a.rfm.customers[$0].monetary != a.rfm.customers[$1].monetary
                ? a.rfm.customers[$0].monetary > a.rfm.customers[$1].monetary : $0 < $1
        }.prefix(25)
        context["hasCustomers"] = !members.isEmpty
        context["hasClusters"] = a.clustering != nil
        context["topCustomers"] = top.enumerated().map { rank, i -> [String: Any] in
            let c = a.rfm.customers[i]
            return [
                "rank": rank + 1, "id": c.id, "country": c.country,
                "monetary": PeopleFormat.money(c.monetary, currency: currency),
                "frequency": PeopleFormat.integer(c.frequency), "recency": PeopleFormat.integer(c.recency),
                "lastPurchase": PeopleFormat.date(c.lastPurchase), "cell": a.scored.scores[i].cell,
                "cluster": a.clustering.map { String($0.clusters[i]) } ?? "",
                "clusterName": a.clustering.map { $0.clusterName(ofCustomer: i) } ?? "",
            ]
        }
        context["topNote"] =
            members.count > top.count
            ? "The \(top.count) of \(PeopleFormat.integer(members.count)) customers with the highest revenue."
            : "All \(members.count) customers of the segment."
        if let c = a.clustering, !members.isEmpty {
            var counts = [Int](repeating: 0, count: c.best.k)
            for i in members { counts[c.clusters[i] - 1] += 1 }
            context["clusterMix"] = counts.enumerated().filter { $0.element > 0 }.sorted { $0.element > $1.element }
                .map {
                    "\(ReportSite.clusterLabel(c.profiles[$0.offset])): \(PeopleFormat.percent(Double($0.element) / Double(members.count)))"
                }
                .joined(separator: ", ")
        }
        return context
    }

    // MARK: One file

    /// Where a link to `page#fragment` of the site (`changes.html`, `winback`) goes in `report.html`.
    public static func singleFileLink(page: String, fragment: String? = nil) -> String {
        "report.html" + SingleFileDocument.anchor(page: page, fragment: fragment)
    }

    func singleFilePage(
        dashboard: [ReportChart], model: [ReportChart], changes: [ReportChart], rendered: [String: [String: Any]]
    ) throws -> String {
        // The file is made to travel alone (e-mail): no links to the files beside a report, nor to an archive.
        func alone(_ context: [String: Any]) -> [String: Any] {
            var context = context
            context["hasDownloads"] = false
            context["archive"] = nil
            return context
        }
        var index = alone(indexContext(dashboard.compactMap { rendered[$0.id] }, root: ""))
        index["inlineStyle"] = theme.stylesheet
        let navigation: [(String, String?, String)] =
            [("index.html", nil, "Overview"), ("index.html", "segments", "Segments")]
            + (analysis.migration == nil ? [] : [("changes.html", nil, "Changes")])
            + [("data.html", nil, "Data"), ("model.html", nil, "Clusters"), ("method.html", nil, "Method")]
        index["nav"] = navigation.enumerated().map { k, link -> [String: Any] in
            ["href": SingleFileDocument.anchor(page: link.0, fragment: link.1), "label": link.2, "current": k == 0]
        }
        // The other pages in the order of the site's navigation, each segment's page after the changes.
        var pages: [(path: String, template: String, context: [String: Any])] = []
        if analysis.migration != nil {
            pages.append(
                (
                    "changes.html", "changes",
                    changesContext(changes.compactMap { rendered[$0.id] }, root: "")
                ))
        }
        for (k, slug) in segmentSlugs.enumerated() {
            pages.append(("segments/\(slug).html", "segment", segmentContext(k, root: "../")))
        }
        pages += [
            ("data.html", "data", dataContext(root: "")),
            ("model.html", "model", modelContext(model.compactMap { rendered[$0.id] }, root: "")),
            ("method.html", "method", methodContext(root: "")),
        ]
        let sections = try pages.map { page -> SingleFileDocument.Section in
            let context = alone(page.context)
            let heading = context["page"] as? [String: Any]
            return SingleFileDocument.Section(
                path: page.path, title: heading?["title"] as? String ?? page.template,
                lede: heading?["lede"] as? String ?? "", html: try theme.render(page.template, context))
        }
        return SingleFileDocument(index: try theme.render("index", index), sections: sections).html()
    }
}

/// A chart drawn for the one-file report: a PNG data URI or an SVG element.
public struct InlineChart: Sendable {
    var dataURI: String?
    var svg: String?
}
