/// Where a customer stood in the previous snapshot: its segment and its revenue then.
public struct PreviousState: Sendable, Equatable {
    public let segment: String
    public let revenue: Double

    public init(segment: String, revenue: Double) {
        self.segment = segment
        self.revenue = revenue
    }
}

/// One segment's size and revenue now and at the previous snapshot.
public struct SegmentChange: Sendable, Codable, Equatable {
    public let segment: String
    public let customersNow: Int
    public let customersBefore: Int
    /// Every purchase up to each snapshot (the customers' monetary value), of the segment's customers then.
    public let revenueNow: Double
    public let revenueBefore: Double
    /// Purchases within the reported month, of the segment's customers at its end; nil when not known.
    public let monthRevenueNow: Double?
    /// Purchases within the month before, of the segment's customers at its end; nil when not known (a previous
    /// report given with `--compare`, or no month before in the data).
    public let monthRevenueBefore: Double?

    enum CodingKeys: String, CodingKey {
        case segment
        case customersNow = "customers_now"
        case customersBefore = "customers_before"
        case revenueNow = "revenue_now"
        case revenueBefore = "revenue_before"
        case monthRevenueNow = "month_revenue_now"
        case monthRevenueBefore = "month_revenue_before"
    }
}

/// Revenue of the purchases within the reported month and within the month before, per segment in rule order.
public struct MonthRevenue: Sendable, Equatable {
    public let now: [Double]
    public let before: [Double]?

    public init(now: [Double], before: [Double]?) {
        self.now = now
        self.before = before
    }
}

/// A customer on an action list (win-back, moved up).
public struct MovedCustomer: Sendable, Codable, Equatable {
    public let id: String
    public let country: String
    public let lastPurchase: String
    public let revenue: Double
    public let previousSegment: String
    public let segment: String

    enum CodingKeys: String, CodingKey {
        case id = "customer_id"
        case country, revenue, segment
        case lastPurchase = "last_purchase"
        case previousSegment = "previous_segment"
    }
}

/// How customers moved between segments from the previous snapshot to this one (issue 6).
public struct SegmentMigration: Sendable {
    /// The row of customers who had not bought before the previous snapshot (row 0 of the matrix).
    public static let newCustomers = "New customers"
    /// The label of row 0: "New customers", or, when a segment is called that, the same with a number added.
    public let newCustomersLabel: String

    /// What the previous state is: "2011-10 (same transaction log)" or the folder compared with.
    public let previousLabel: String
    /// The previous state in two words, after "vs" beside a change: "Oct", or `previousReport`.
    public let comparedWith: String
    /// `comparedWith` when the previous state is a report given with `--compare`.
    public static let previousReport = "the previous report"
    /// Matrix rows: "New customers", then the segments in rule order (plus any other previous segment name).
    public let sources: [String]
    /// Matrix columns: the segments in rule order.
    public let targets: [String]
    /// Customers per (source, target).
    public let counts: [[Int]]
    /// This snapshot's revenue of those customers per (source, target).
    public let revenue: [[Double]]
    public let changes: [SegmentChange]
    /// Newly At Risk or Lost customers who were Champions or Loyal Customers, by revenue (the win-back list).
    public let winBack: [MovedCustomer]
    /// Customers who moved into Champions from another segment, by revenue.
    public let movedUp: [MovedCustomer]
    /// Previous segment per current customer (nil: new customer), in the RFM table's order.
    public let previousSegment: [String?]

    /// The segments a win-back list watches, and the ones it flags (SPEC §5 names; with other rules: the first two
    /// rules as the valuable segments and the rules for recency 1-2 customers as the at-risk ones).
    static func watchLists(_ rules: SegmentRuleSet) -> (valuable: Set<String>, slipping: Set<String>, top: String) {
        let names = Set(rules.segments.map(\.name))
        if names.isSuperset(of: ["Champions", "Loyal Customers", "At Risk", "Lost"]) {
            return (["Champions", "Loyal Customers"], ["At Risk", "Lost"], "Champions")
        }
        let valuable = Set(rules.rules.prefix(2).map(\.name))
        let slipping = Set(rules.rules.filter { $0.r.high <= 2 }.map(\.name))
        return (valuable, slipping, rules.rules.first?.name ?? rules.fallback.name)
    }

    public init(
        rfm: RFMTable, scored: ScoredCustomers, rules: SegmentRuleSet, previous: [String: PreviousState],
        previousLabel: String, comparedWith: String = "before", monthRevenue: MonthRevenue? = nil
    ) {
        self.previousLabel = previousLabel
        self.comparedWith = comparedWith
        let names = rules.segments.map(\.name)
        targets = names
        // Row 0 is the new customers; its label must not be any segment's name, now or before.
        let taken = Set(names).union(previous.values.map(\.segment))
        var label = Self.newCustomers
        var n = 2
        while taken.contains(label) {
            label = "\(Self.newCustomers) (\(n))"
            n += 1
        }
        newCustomersLabel = label
        var sourceNames = [label] + names
        for state in previous.values where !sourceNames.contains(state.segment) { sourceNames.append(state.segment) }
        sourceNames = Array(sourceNames.prefix(names.count + 1)) + sourceNames.dropFirst(names.count + 1).sorted()
        sources = sourceNames
        let sourceIndex = Dictionary(uniqueKeysWithValues: sourceNames.enumerated().map { ($1, $0) })
        var counts = [[Int]](repeating: [Int](repeating: 0, count: names.count), count: sourceNames.count)
        var revenue = [[Double]](repeating: [Double](repeating: 0, count: names.count), count: sourceNames.count)
        var prevSegment: [String?] = []
        var now = [Int](repeating: 0, count: names.count)
        var revenueNow = [Double](repeating: 0, count: names.count)
        let (valuable, slipping, top) = Self.watchLists(rules)
        var winBack: [MovedCustomer] = []
        var movedUp: [MovedCustomer] = []
        for (c, s) in zip(rfm.customers, scored.scores) {
            let before = previous[c.id]
            prevSegment.append(before?.segment)
            let row = before.map { sourceIndex[$0.segment]! } ?? 0
            counts[row][s.segment] += 1
            revenue[row][s.segment] += c.monetary
            now[s.segment] += 1
            revenueNow[s.segment] += c.monetary
            guard let before else { continue }
            let current = names[s.segment]
            let moved = MovedCustomer(
                id: c.id, country: c.country, lastPurchase: c.lastPurchase.description, revenue: c.monetary,
                previousSegment: before.segment, segment: current)
            if valuable.contains(before.segment) && slipping.contains(current) { winBack.append(moved) }
            if current == top && before.segment != top { movedUp.append(moved) }
        }
        var before = [String: (Int, Double)]()
        // Summed in customer order, not the dictionary's (which changes from run to run), so the totals are
        // the same to the last digit every time.
        for id in previous.keys.sorted() {
            let state = previous[id]!
            before[state.segment, default: (0, 0)].0 += 1
            before[state.segment, default: (0, 0)].1 += state.revenue
        }
        changes = names.enumerated().map { k, name in
            SegmentChange(
                segment: name, customersNow: now[k], customersBefore: before[name]?.0 ?? 0,
                revenueNow: revenueNow[k], revenueBefore: before[name]?.1 ?? 0,
                monthRevenueNow: monthRevenue?.now[k], monthRevenueBefore: monthRevenue?.before?[k])
        }
        let byRevenue: (MovedCustomer, MovedCustomer) -> Bool = {
            $0.revenue != $1.revenue ? $0.revenue > $1.revenue : $0.id < $1.id
        }
        self.winBack = winBack.sorted(by: byRevenue)
        self.movedUp = movedUp.sorted(by: byRevenue)
        self.counts = counts
        self.revenue = revenue
        previousSegment = prevSegment
    }

    /// Key movements in sentences: the net change of each segment first (`netSentences`), then the flows
    /// (`flowSentences`); money with the currency symbol given.
    public func sentences(currency: String = "£") -> [String] {
        netSentences() + flowSentences(currency: currency)
    }

    /// Per segment in rule order, its net change and the customers who joined and left it: "Champions grew by 112
    /// to 732 (+18.1%): 420 joined, 308 left." Segments empty now and before are left out.
    public func netSentences() -> [String] {
        targets.enumerated().compactMap { k, name -> String? in
            let (now, before) = (changes[k].customersNow, changes[k].customersBefore)
            guard now > 0 || before > 0 else { return nil }
            let stayed = sources.firstIndex(of: name).map { counts[$0][k] } ?? 0
            let net = now - before
            var head: String
            if net > 0 {
                head = "\(name) grew by \(Self.grouped(net)) to \(Self.grouped(now))"
            } else if net < 0 {
                head = "\(name) shrank by \(Self.grouped(-net)) to \(Self.grouped(now))"
            } else {
                head = "\(name) held at \(Self.grouped(now))"
            }
            if net != 0 && before > 0 {
                head +=
                    " (\(net > 0 ? "+" : "-")\(NumberFormatting.fixed(Double(abs(net)) / Double(before) * 100, decimals: 1))%)"
            }
            return head + ": \(Self.grouped(now - stayed)) joined, \(Self.grouped(before - stayed)) left."
        }
    }

    /// Where customers went: the win-back list, the new customers, and for each segment where most of its leavers
    /// are now; most important first.
    public func flowSentences(currency: String = "£") -> [String] {
        var out: [String] = []
        for (row, source) in sources.enumerated() where row > 0 {
            guard let stay = targets.firstIndex(of: source) else { continue }
            let left = counts[row].enumerated().filter { $0.offset != stay }.reduce(0) { $0 + $1.element }
            guard left > 0 else { continue }
            let top = counts[row].enumerated().filter { $0.offset != stay }.max { $0.element < $1.element }!
            out.append(
                "\(Self.grouped(left)) customer\(left == 1 ? "" : "s") left \(source); \(Self.grouped(top.element)) of them \(top.element == 1 ? "is" : "are") now \(targets[top.offset])."
            )
        }
        do {
            let n = counts[0].reduce(0, +)
            if n > 0, let top = counts[0].enumerated().max(by: { $0.element < $1.element }) {
                out.insert(
                    "\(Self.grouped(n)) new customer\(n == 1 ? "" : "s") bought for the first time; most of them (\(Self.grouped(top.element))) are \(targets[top.offset]).",
                    at: 0)
            }
        }
        if !winBack.isEmpty {
            let revenue = winBack.reduce(0) { $0 + $1.revenue }
            out.insert(
                "\(Self.grouped(winBack.count)) valuable customer\(winBack.count == 1 ? " is" : "s are") slipping away (worth \(currency)\(Self.grouped(Int(revenue.rounded()))) in revenue so far): see the win-back list.",
                at: 0)
        }
        return out
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Previous states from the same transactions, as of an earlier snapshot (quartiles recomputed there).
    public static func previousStates(
        _ table: any PurchaseHistory, snapshot: SnapshotRule, rules: SegmentRuleSet,
        scoring: ScoreMethod = .quartiles
    ) throws(InputError) -> [String: PreviousState] {
        let rfm = try table.rfm(at: snapshot)
        let scored = scoring.score(rfm, rules: rules)
        let names = rules.segments.map(\.name)
        var out: [String: PreviousState] = [:]
        for (c, s) in zip(rfm.customers, scored.scores) {
            out[c.id] = PreviousState(segment: names[s.segment], revenue: c.monetary)
        }
        return out
    }
}
