/// How the snapshot day is chosen (SPEC §4).
public enum SnapshotRule: Sendable, Equatable, Codable {
    /// The day after the last invoice date in the cleaned data.
    case dayAfterLastInvoice
    /// The day after the given date; transactions after that date are ignored.
    case asOf(CivilDate)
    /// The day after the month's last day; transactions after the month are ignored.
    case month(year: Int, month: Int)
    /// The last complete month of the data (the latest month whose last day the data reaches).
    case latestCompleteMonth

    /// Parses `--month YYYY-MM`.
    public static func parseMonth(_ text: String) -> SnapshotRule? {
        if text.lowercased() == "latest" { return .latestCompleteMonth }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), y >= 1900
        else { return nil }
        return .month(year: y, month: m)
    }

    /// The snapshot day for data whose last cleaned transaction is on `lastDay`.
    public func snapshotDay(lastDay: CivilDate) -> CivilDate {
        switch self {
        case .dayAfterLastInvoice: return lastDay.adding(days: 1)
        case .asOf(let date): return date.adding(days: 1)
        case .month(let y, let m): return CivilDate(year: y, month: m, day: 1)!.firstOfNextMonth
        case .latestCompleteMonth:
            let (y, m) = MonthCalendar.latestComplete(lastTransactionDay: lastDay)
            return CivilDate(year: y, month: m, day: 1)!.firstOfNextMonth
        }
    }

    /// True for the monthly snapshots, which get the comparison with the month before.
    public var isMonthly: Bool {
        switch self {
        case .month, .latestCompleteMonth: return true
        default: return false
        }
    }

    public var summary: String {
        switch self {
        case .dayAfterLastInvoice: return "the day after the last invoice"
        case .asOf(let d): return "as of \(d)"
        case .month(let y, let m): return "end of \(y)-\(m < 10 ? "0" : "")\(m)"
        case .latestCompleteMonth: return "end of the last complete month"
        }
    }
}
