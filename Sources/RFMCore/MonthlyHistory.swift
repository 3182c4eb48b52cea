/// Segment sizes and revenue at each of the last N month-ends, from one parsed transaction table.
public struct MonthlyHistory: Sendable {
    public struct Point: Sendable, Codable, Equatable {
        public let month: String
        public let snapshot: String
        public let customers: [Int]
        public let revenue: [Double]
    }

    public let segments: [String]
    public let points: [Point]

    /// Months ending at `last` (inclusive), oldest first; months before the data starts are left out.
    public init(
        _ table: TransactionTable, last: (year: Int, month: Int), months: Int, rules: SegmentRuleSet,
        scoring: ScoreMethod = .quartiles, known: [String: Point] = [:]
    ) {
        segments = rules.segments.map(\.name)
        points = Self.months(endingAt: last, count: months).compactMap { y, m in
            known[MonthCalendar.label(y, m)] ?? Self.point(table, year: y, month: m, rules: rules, scoring: scoring)
        }
    }

    /// `count` months ending at `last`, oldest first.
    public static func months(endingAt last: (year: Int, month: Int), count: Int) -> [(year: Int, month: Int)] {
        var list: [(year: Int, month: Int)] = []
        var (y, m) = last
        for _ in 0..<count {
            list.append((y, m))
            (y, m) = MonthCalendar.previous(y, m)
        }
        return list.reversed()
    }

    /// Segment sizes and revenue at the end of one month; nil when the data has no customer by then.
    public static func point(
        _ table: TransactionTable, year y: Int, month m: Int, rules: SegmentRuleSet,
        scoring: ScoreMethod = .quartiles
    ) -> Point? {
        guard let rfm = try? RFMCalculator.compute(table, snapshot: .month(year: y, month: m)) else { return nil }
        let scored = scoring.score(rfm, rules: rules)
        var customers = [Int](repeating: 0, count: rules.segments.count)
        var revenue = [Double](repeating: 0, count: rules.segments.count)
        for (c, s) in zip(rfm.customers, scored.scores) {
            customers[s.segment] += 1
            revenue[s.segment] += c.monetary
        }
        return Point(
            month: MonthCalendar.label(y, m), snapshot: rfm.snapshot.description, customers: customers, revenue: revenue
        )
    }
}

/// Month arithmetic for `--month`.
public enum MonthCalendar {
    /// The last complete month of the data: the latest month whose last day the data reaches.
    public static func latestComplete(lastTransactionDay day: CivilDate) -> (year: Int, month: Int) {
        let c = day.components
        if c.day == CivilDate.daysIn(month: c.month, year: c.year) { return (c.year, c.month) }
        return c.month == 1 ? (c.year - 1, 12) : (c.year, c.month - 1)
    }

    /// The month before.
    public static func previous(_ year: Int, _ month: Int) -> (year: Int, month: Int) {
        month == 1 ? (year - 1, 12) : (year, month - 1)
    }

    /// The month after.
    public static func next(_ year: Int, _ month: Int) -> (year: Int, month: Int) {
        month == 12 ? (year + 1, 1) : (year, month + 1)
    }

    public static func label(_ year: Int, _ month: Int) -> String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}
