/// Segment sizes and revenue at each of the last N month-ends, from one parsed transaction table.
public struct MonthlyHistory: Sendable {
    public struct Point: Sendable, Codable, Equatable {
        public let month: String
        public let snapshot: String
        /// Customers per segment at the month-end.
        public let customers: [Int]
        /// Revenue per segment: every purchase up to the month-end (the customers' monetary value).
        public let revenue: [Double]
        /// Revenue per segment of the purchases within the month only.
        public let monthRevenue: [Double]
        /// Days from the first day of the data to the snapshot (`LookBackRule`).
        public let lookBackDays: Int

        enum CodingKeys: String, CodingKey {
            case month, snapshot, customers, revenue
            case monthRevenue = "month_revenue"
            case lookBackDays = "look_back_days"
        }
    }

    public let segments: [String]
    public let points: [Point]
    /// The report's look-back rule; nil marks no month-end.
    public let lookBack: LookBackRule?

    /// Months ending at `last` (inclusive), oldest first; months before the data starts are left out.
    public init(
        _ table: any PurchaseHistory, last: (year: Int, month: Int), months: Int, rules: SegmentRuleSet,
        scoring: ScoreMethod = .quartiles, known: [String: Point] = [:], lookBack: LookBackRule? = nil
    ) {
        segments = rules.segments.map(\.name)
        points = Self.months(endingAt: last, count: months).compactMap { y, m in
            known[MonthCalendar.label(y, m)] ?? Self.point(table, year: y, month: m, rules: rules, scoring: scoring)
        }
        self.lookBack = lookBack
    }

    /// True when the month-end has less data before it than the report's look-back rule needs.
    public func isShort(_ point: Point) -> Bool { lookBack?.isShort(lookBackDays: point.lookBackDays) ?? false }

    /// The point before the last (the previous month-end), when the history has it.
    public var previousPoint: Point? { points.count > 1 ? points[points.count - 2] : nil }

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
        _ table: any PurchaseHistory, year y: Int, month m: Int, rules: SegmentRuleSet,
        scoring: ScoreMethod = .quartiles
    ) -> Point? {
        guard let rfm = try? table.rfm(at: .month(year: y, month: m)) else { return nil }
        let scored = scoring.score(rfm, rules: rules)
        var customers = [Int](repeating: 0, count: rules.segments.count)
        var revenue = [Double](repeating: 0, count: rules.segments.count)
        for (c, s) in zip(rfm.customers, scored.scores) {
            customers[s.segment] += 1
            revenue[s.segment] += c.monetary
        }
        let inMonth = table.periodRevenue(rfm, from: CivilDate(year: y, month: m, day: 1)!, to: rfm.snapshot)
        return Point(
            month: MonthCalendar.label(y, m), snapshot: rfm.snapshot.description, customers: customers,
            revenue: revenue,
            monthRevenue: PeriodRevenue.perSegment(inMonth, scored, segments: rules.segments.count),
            lookBackDays: LookBackRule.lookBackDays(dataStart: rfm.firstTransaction.day, snapshot: rfm.snapshot))
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
