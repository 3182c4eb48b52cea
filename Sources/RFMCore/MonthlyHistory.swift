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
    public init(_ table: TransactionTable, last: (year: Int, month: Int), months: Int, rules: SegmentRuleSet) {
        segments = rules.segments.map(\.name)
        var list: [(Int, Int)] = []
        var (y, m) = last
        for _ in 0..<months {
            list.append((y, m))
            (y, m) = m == 1 ? (y - 1, 12) : (y, m - 1)
        }
        var points: [Point] = []
        for (y, m) in list.reversed() {
            guard let rfm = try? RFMCalculator.compute(table, snapshot: .month(year: y, month: m)) else { continue }
            let scored = ScoredCustomers.score(rfm, rules: rules)
            var customers = [Int](repeating: 0, count: segments.count), revenue = [Double](repeating: 0, count: segments.count)
            for (c, s) in zip(rfm.customers, scored.scores) {
                customers[s.segment] += 1
                revenue[s.segment] += c.monetary
            }
            points.append(Point(month: "\(y)-\(m < 10 ? "0" : "")\(m)", snapshot: rfm.snapshot.description, customers: customers, revenue: revenue))
        }
        self.points = points
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
    public static func previous(_ year: Int, _ month: Int) -> (year: Int, month: Int) { month == 1 ? (year - 1, 12) : (year, month - 1) }

    public static func label(_ year: Int, _ month: Int) -> String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}
