import Foundation
import RFMConcurrency
import RFMCore
import RFMIngest
import RFMSite
import Segmentation

/// `rfm report --months A...B`: one complete monthly report per month, from one reading of the input, in one
/// folder with an `index.html` that links them (the archive a team keeps). Written and moved into place as a whole.
public struct ArchiveRun {
    public let options: ReportOptions
    public let months: [(year: Int, month: Int)]

    public init(options: ReportOptions, months: [(year: Int, month: Int)]) {
        self.options = options
        self.months = months
    }

    /// Parses `2011-01...2011-12`; nil when it is not a range of months, first to last, of at most 120 months.
    public static func parseRange(_ text: String) -> [(year: Int, month: Int)]? {
        let parts = text.components(separatedBy: "...")
        guard parts.count == 2, case .month(let y0, let m0)? = SnapshotRule.parseMonth(parts[0]),
            case .month(let y1, let m1)? = SnapshotRule.parseMonth(parts[1]), (y0, m0) <= (y1, m1)
        else { return nil }
        var out: [(Int, Int)] = []
        var (y, m) = (y0, m0)
        while (y, m) <= (y1, m1) && out.count <= 120 {
            out.append((y, m))
            (y, m) = MonthCalendar.next(y, m)
        }
        return out.count > 120 ? nil : out.map { (year: $0.0, month: $0.1) }
    }

    /// Fit the clustering in every month instead of once (slower; cluster numbers then differ between months).
    public var refitEachMonth = false

    /// One month's line in the index and the summary.
    struct MonthRow: Sendable {
        let cells: [String: String]
        let line: String
        /// Customers per segment, in rule order (the share chart's bar).
        let segmentCustomers: [Int]
    }

    /// The links of month `i`'s pages to the archive's index and the months before and after it.
    static func navigation(_ months: [(year: Int, month: Int)], _ i: Int) -> ArchiveNavigation {
        func month(_ k: Int) -> ArchiveNavigation.Month? {
            guard months.indices.contains(k) else { return nil }
            let (y, m) = months[k]
            let label = CivilDate(year: y, month: m, day: 1).map(PeopleFormat.monthName) ?? MonthCalendar.label(y, m)
            return ArchiveNavigation.Month(folder: MonthCalendar.label(y, m), label: label)
        }
        return ArchiveNavigation(previous: month(i - 1), next: month(i + 1))
    }

    public func run() throws -> (folder: URL, summary: String) {
        let root = try ReportFolder(target: URL(fileURLWithPath: options.outputFolder))
        do {
            return try write(into: root)
        } catch {
            root.discard()  // before the command line exits, whatever thread still holds a month's state
            throw error
        }
    }

    /// Every month's report into `root`, then the index; `root` is moved into place at the end.
    private func write(into root: ReportFolder) throws -> (folder: URL, summary: String) {
        let months = self.months
        // Read and clean once, for every month.
        let quiet = Progress(quiet: true)
        var readOptions = options
        readOptions.database?.months = months.map { DatabaseOptions.Month(year: $0.year, month: $0.month) }
        var read = ReportState(options: readOptions, progress: quiet)
        _ = try StepRunner(progress: quiet).run(ReportSteps.reading, on: &read)
        let table = try read.need(read.table, "the transactions", from: "clean")
        let threads = max(1, options.clustering.threads)
        // Every month-end any report's history shows, computed once and shared.
        let wanted = MonthlyHistory.months(
            endingAt: months[months.count - 1], count: months.count + options.historyMonths - 1)
        let rules = options.rules
        let scoring = options.scoring
        let points = ParallelWork.map(count: wanted.count, threads: threads) { i in
            MonthlyHistory.point(table, year: wanted[i].year, month: wanted[i].month, rules: rules, scoring: scoring)
        }
        var known: [String: MonthlyHistory.Point] = [:]
        for p in points.compactMap({ $0 }) { known[p.month] = p }
        let history = known

        // The last month is analysed first, with the whole model selection; the other months apply its clustering
        // (unless asked not to), so that cluster 3 is the same kind of customer in every month of the archive.
        var monthly = options
        monthly.quiet = true
        monthly.inputChecksums = try read.inputChecksums ?? ReportRun.checksums(options.inputs)
        let last = months[months.count - 1]
        if !options.quiet {
            FileHandle.standardError.write(
                Data("rfm: \(MonthCalendar.label(last.year, last.month)) (fitting the clustering)\n".utf8))
        }
        var lastOptions = monthly
        lastOptions.snapshot = .month(year: last.year, month: last.month)
        lastOptions.archiveNavigation = Self.navigation(months, months.count - 1)
        let order = [months.count - 1] + Array(0..<(months.count - 1))
        let locations = order.map { root.subfolderLocation(MonthCalendar.label(months[$0].year, months[$0].month)) }
        var lastState = Self.state(
            lastOptions, table: table, history: history, folder: ReportFolder(view: locations[0]))
        let lastSeconds = try StepRunner(progress: quiet).run(ReportSteps.analysis(lastOptions), on: &lastState)
        let lastAnalysed = (state: lastState, seconds: lastSeconds)
        if !refitEachMonth && options.clusteringModel == nil, let a = lastState.analysis, let clustering = a.clustering
        {
            let saved = try SavedModel(
                tool: "\(ToolInfo.name) \(ToolInfo.version)", rfm: a.rfm, scored: a.scored, rules: a.rules,
                clustering: clustering)
            monthly.clusteringModel = AppliedModel(
                model: saved, source: "this archive's \(MonthCalendar.label(last.year, last.month)) report")
        }
        // Then every month's report, two at a time on two cores: the last month's output steps, and the other
        // months from their analysis on (each with one thread for its own work).
        var perMonth = monthly
        if months.count > 2 { perMonth.clustering.threads = max(1, threads / 2) }
        let shared = perMonth
        let showMonths = !options.quiet
        let results: [Result<MonthRow, any Error>] = ParallelWork.map(count: order.count, threads: min(threads, 2)) {
            i in
            do {
                let month = months[order[i]]
                if showMonths && i > 0 {
                    FileHandle.standardError.write(Data("rfm: \(MonthCalendar.label(month.year, month.month))\n".utf8))
                }
                let runner = StepRunner(progress: Progress(quiet: true))
                var state: ReportState
                var seconds: StepRunner.StepSeconds
                if i == 0 {
                    (state, seconds) = lastAnalysed
                } else {
                    var options = shared
                    options.snapshot = .month(year: month.year, month: month.month)
                    options.archiveNavigation = Self.navigation(months, order[i])
                    state = Self.state(
                        options, table: table, history: history, folder: ReportFolder(view: locations[i]))
                    seconds = try runner.run(ReportSteps.analysis(options), on: &state)
                }
                seconds += try runner.run(ReportSteps.output(state.options), on: &state, earlier: seconds.map(\.name))
                return .success(
                    Self.row(
                        month, try ReportRun.finish(state, seconds: seconds), currency: shared.currency,
                        singleFile: shared.singleFile))
            } catch {
                return .failure(error)
            }
        }
        var rows = try results.dropFirst().map { try $0.get() }
        rows.append(try results[0].get())
        let cells = rows.map(\.cells)
        let lines = rows.map(\.line)
        if let theme = options.theme {
            let segments = options.rules.segments
            let shares = SegmentShareChart(
                months: months.map { MonthCalendar.label($0.year, $0.month) }, segments: segments.map(\.name),
                customers: rows.map(\.segmentCustomers),
                colours: theme.palette.segmentColours(options.rules), palette: theme.palette)
            for file in try shares.files() { try root.write(file.data, to: file.path) }
            let inputs = table.inputs.map(\.shortName).joined(separator: ", ")
            let first = months.first.map { MonthCalendar.label($0.year, $0.month) } ?? ""
            let last = months.last.map { MonthCalendar.label($0.year, $0.month) } ?? ""
            let context: [String: Any] = [
                "root": "",
                "page": [
                    "title": "Monthly reports \(first) to \(last)",
                    "lede": "\(months.count) monthly customer-segmentation reports from one transaction log.",
                ],
                "nav": [["href": "index.html", "label": "Months", "current": true]],
                "theme": ["name": theme.palette.name, "cssVariables": theme.palette.cssVariables],
                "report": [
                    "title": "Customer segmentation archive", "tool": "\(ToolInfo.name) \(ToolInfo.version)",
                    "snapshot": last,
                    "inputs": inputs, "customers": cells.last?["customers"] ?? "–",
                ],
                "months": cells,
                "shareChart": shares.context(),
            ]
            try root.write(theme.render("archive", context), to: "index.html")
            try root.write(theme.stylesheet, to: "style.css")
        }
        try root.commit()
        return (root.target, lines.joined(separator: "\n") + "\n")
    }

    /// The state a month's steps start from: the archive's transactions, read once, and the shared month-ends.
    static func state(
        _ options: ReportOptions, table: any PurchaseHistory, history: [String: MonthlyHistory.Point],
        folder: ReportFolder
    ) -> ReportState {
        var state = ReportState(options: options, progress: Progress(quiet: true))
        state.table = table
        state.knownHistory = history
        state.folder = folder
        ReportRun.logHeader(options, state.log)
        return state
    }

    /// One month's line in the index and the summary.
    /// With `singleFile` a month is its `report.html`, its pages sections of it.
    static func row(
        _ month: (year: Int, month: Int), _ outcome: ReportRun.Outcome, currency: String, singleFile: Bool
    ) -> MonthRow {
        let label = MonthCalendar.label(month.year, month.month)
        let a = outcome.analysis
        let champions = a.segments.first.map { PeopleFormat.integer($0.customers) } ?? "–"
        let newCustomers = a.migration.map { $0.counts[0].reduce(0, +) } ?? 0  // row 0: the new customers
        let cells = [
            "label": PeopleFormat.monthName(a.rfm.snapshot.adding(days: -1)), "folder": label,
            "page": singleFile ? "report.html" : "index.html",
            "winBackPage": singleFile
                ? ReportSite.singleFileLink(page: "changes.html", fragment: "winback") : "changes.html#winback",
            "customers": PeopleFormat.integer(a.rfm.customers.count),
            "revenue": PeopleFormat.money(a.segments.reduce(0) { $0 + $1.revenue }, currency: currency),
            "champions": champions, "newCustomers": PeopleFormat.integer(newCustomers),
            "winBack": PeopleFormat.integer(a.migration?.winBack.count ?? 0),
            "best": a.clustering.map { "\(algorithmName($0.best.algorithm)), k = \($0.best.k)" } ?? "–",
        ]
        let line =
            "\(label)  \(PeopleFormat.integer(a.rfm.customers.count)) customers, \(champions) Champions, "
            + "\(PeopleFormat.integer(a.migration?.winBack.count ?? 0)) on the win-back list"
        return MonthRow(cells: cells, line: line, segmentCustomers: a.segments.map(\.customers))
    }
}
