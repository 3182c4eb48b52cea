/// How the snapshot day is chosen (SPEC §4).
public enum SnapshotRule: Sendable, Equatable, Codable {
    /// The day after the last invoice date in the cleaned data.
    case dayAfterLastInvoice
    /// The day after the given date; transactions after that date are ignored.
    case asOf(CivilDate)
    /// The day after the month's last day; transactions after the month are ignored.
    case month(year: Int, month: Int)

    /// Parses `--month YYYY-MM`.
    public static func parseMonth(_ text: String) -> SnapshotRule? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), y >= 1900 else { return nil }
        return .month(year: y, month: m)
    }

    /// The snapshot day for data whose last cleaned transaction is on `lastDay`.
    public func snapshotDay(lastDay: CivilDate) -> CivilDate {
        switch self {
        case .dayAfterLastInvoice: return lastDay.adding(days: 1)
        case let .asOf(date): return date.adding(days: 1)
        case let .month(y, m): return CivilDate(year: y, month: m, day: 1)!.firstOfNextMonth
        }
    }

    public var summary: String {
        switch self {
        case .dayAfterLastInvoice: return "the day after the last invoice"
        case let .asOf(d): return "as of \(d)"
        case let .month(y, m): return "end of \(y)-\(m < 10 ? "0" : "")\(m)"
        }
    }
}
