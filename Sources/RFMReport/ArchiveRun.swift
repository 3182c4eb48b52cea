import Foundation
import RFMCore
import RFMIngest
import RFMSite

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
        guard parts.count == 2, case let .month(y0, m0)? = SnapshotRule.parseMonth(parts[0]),
              case let .month(y1, m1)? = SnapshotRule.parseMonth(parts[1]), (y0, m0) <= (y1, m1) else { return nil }
        var out: [(Int, Int)] = []
        var (y, m) = (y0, m0)
        while (y, m) <= (y1, m1) && out.count <= 120 {
            out.append((y, m))
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        return out.count > 120 ? nil : out.map { (year: $0.0, month: $0.1) }
    }

    public func run() throws -> (folder: URL, summary: String) {
        let root = try ReportFolder(target: URL(fileURLWithPath: options.outputFolder))
        let table = try TransactionLoader(overrides: options.columnOverrides, strict: options.strict).load(paths: options.inputs)
        var rows: [[String: Any]] = []
        var lines: [String] = []
        for (year, month) in months {
            let label = MonthCalendar.label(year, month)
            if !options.quiet { FileHandle.standardError.write(Data("rfm: \(label)\n".utf8)) }
            var monthly = options
            monthly.snapshot = .month(year: year, month: month)
            monthly.quiet = true
            let outcome = try ReportRun(options: monthly).run(preloaded: table, into: ReportFolder(subfolder: label, of: root))
            let a = outcome.analysis
            let champions = a.segments.first.map { PeopleFormat.integer($0.customers) } ?? "–"
            let newCustomers = a.migration.flatMap { m in m.sources.firstIndex(of: SegmentMigration.newCustomers).map { m.counts[$0].reduce(0, +) } } ?? 0
            rows.append([
                "label": PeopleFormat.monthName(a.rfm.snapshot.adding(days: -1)), "folder": label,
                "customers": PeopleFormat.integer(a.rfm.customers.count),
                "revenue": PeopleFormat.money(a.segments.reduce(0) { $0 + $1.revenue }, currency: options.currency),
                "champions": champions, "newCustomers": PeopleFormat.integer(newCustomers),
                "winBack": PeopleFormat.integer(a.migration?.winBack.count ?? 0),
                "best": a.clustering.map { "\(algorithmName($0.best.algorithm)), k = \($0.best.k)" } ?? "–",
            ])
            lines.append("\(label)  \(PeopleFormat.integer(a.rfm.customers.count)) customers, \(champions) Champions, "
                         + "\(PeopleFormat.integer(a.migration?.winBack.count ?? 0)) on the win-back list")
        }
        if let theme = options.theme {
            let inputs = table.inputs.map { URL(fileURLWithPath: $0.file).lastPathComponent }.joined(separator: ", ")
            let first = months.first.map { MonthCalendar.label($0.year, $0.month) } ?? "", last = months.last.map { MonthCalendar.label($0.year, $0.month) } ?? ""
            let context: [String: Any] = [
                "root": "", "page": ["title": "Monthly reports \(first) to \(last)", "lede": "\(months.count) monthly customer-segmentation reports from one transaction log."],
                "nav": [["href": "index.html", "label": "Months", "current": true]],
                "theme": ["name": theme.palette.name, "cssVariables": theme.palette.cssVariables],
                "report": ["title": "Customer segmentation archive", "tool": "\(ToolInfo.name) \(ToolInfo.version)", "snapshot": last,
                           "inputs": inputs, "customers": rows.last?["customers"] ?? "–"],
                "months": rows,
            ]
            try root.write(theme.render("archive", context), to: "index.html")
            try root.write(theme.stylesheet, to: "style.css")
        }
        try root.commit()
        return (root.target, lines.joined(separator: "\n") + "\n")
    }
}
