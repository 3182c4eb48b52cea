import Testing

@testable import RFMCore

/// Migration on hand-made states where every movement is known in advance.
@Suite struct SegmentMigrationTests {
    func customer(_ id: String, _ monetary: Double) -> CustomerRFM {
        CustomerRFM(
            id: id, country: "UK", recency: 1, frequency: 1, monetary: monetary,
            firstPurchase: CivilDate(year: 2011, month: 1, day: 1)!,
            lastPurchase: CivilDate(year: 2011, month: 11, day: 30)!)
    }

    /// Segment indices of the standard rules.
    enum S: Int {
        case champions = 0
        case loyal, potential, promising, atRisk, lost, others
    }

    func migration(now: [(String, Double, S)], before: [String: String]) -> SegmentMigration {
        let rules = SegmentRuleSet.standard
        let day = CivilDate(year: 2011, month: 12, day: 1)!
        let rfm = RFMTable(
            customers: now.map { customer($0.0, $0.1) }, snapshot: day, order: .text, rowsUsed: now.count,
            rowsAfterCutoff: 0,
            firstTransaction: LocalTimestamp(date: day), lastTransaction: LocalTimestamp(date: day))
        let scores = now.map { CustomerScore(r: 1, f: 1, m: 1, segment: $0.2.rawValue) }
        let empty = ScoreBoundaries(order: .text, recency: [], frequency: [], monetary: [])
        let scored = ScoredCustomers(
            scores: scores, cutPoints: ScoreCutPoints(recency: [], frequency: [], monetary: [], boundaries: empty))
        return SegmentMigration(
            rfm: rfm, scored: scored, rules: rules,
            previous: before.mapValues { PreviousState(segment: $0, revenue: 10) }, previousLabel: "2011-10")
    }

    @Test func countsEveryMovementAndTheNewCustomers() {
        let m = migration(
            now: [
                ("a", 500, .champions), ("b", 400, .loyal), ("c", 300, .atRisk), ("d", 200, .lost),
                ("e", 100, .champions), ("f", 50, .promising),
            ],
            before: [
                "a": "Champions", "b": "Champions", "c": "Loyal Customers", "d": "Champions",
                "e": "Potential Loyalists", "g": "Lost",
            ])
        #expect(
            m.sources == [
                "New customers", "Champions", "Loyal Customers", "Potential Loyalists", "Promising", "At Risk", "Lost",
                "Others",
            ])
        #expect(m.counts[0] == [0, 0, 0, 1, 0, 0, 0])  // f is new, now Promising
        #expect(m.counts[1] == [1, 1, 0, 0, 0, 1, 0])  // a stayed, b to Loyal, d to Lost
        #expect(m.counts[2] == [0, 0, 0, 0, 1, 0, 0])  // c Loyal to At Risk
        #expect(m.counts[3] == [1, 0, 0, 0, 0, 0, 0])  // e up to Champions
        #expect(m.revenue[1][5] == 200)
        // Win-back: valuable last month, slipping now, by revenue: c (300) then d (200).
        #expect(m.winBack.map(\.id) == ["c", "d"])
        #expect(m.movedUp.map(\.id) == ["e"])
        #expect(
            m.previousSegment == ["Champions", "Champions", "Loyal Customers", "Champions", "Potential Loyalists", nil])
        let champions = m.changes[0]
        #expect(champions.customersNow == 2 && champions.customersBefore == 3)
        #expect(m.sentences().contains("2 customers left Champions; 1 of them is now Loyal Customers."))
        // The net change of each segment leads, in rule order; then the flows, the win-back list first.
        #expect(
            m.netSentences() == [
                "Champions shrank by 1 to 2 (-33.3%): 1 joined, 2 left.",
                "Loyal Customers held at 1: 1 joined, 1 left.",
                "Potential Loyalists shrank by 1 to 0 (-100.0%): 0 joined, 1 left.",
                "Promising grew by 1 to 1: 1 joined, 0 left.",
                "At Risk grew by 1 to 1: 1 joined, 0 left.",
                "Lost held at 1: 1 joined, 1 left.",
            ])
        #expect(m.sentences().first == m.netSentences().first)
        #expect(m.flowSentences().first?.hasPrefix("2 valuable customers are slipping away") == true)
    }

    /// The revenue before is summed in customer order, whatever order the dictionary of previous states holds them in:
    /// two dictionaries with the same states but different capacities (so different iteration orders) give the same
    /// bits, equal to the sum in sorted id order.
    @Test func revenueBeforeDoesNotDependOnTheDictionaryOrder() {
        let rules = SegmentRuleSet.standard
        let day = CivilDate(year: 2011, month: 12, day: 1)!
        let rfm = RFMTable(
            customers: [customer("x", 1)], snapshot: day, order: .text, rowsUsed: 1, rowsAfterCutoff: 0,
            firstTransaction: LocalTimestamp(date: day), lastTransaction: LocalTimestamp(date: day))
        let empty = ScoreBoundaries(order: .text, recency: [], frequency: [], monetary: [])
        let scored = ScoredCustomers(
            scores: [CustomerScore(r: 1, f: 1, m: 1, segment: 0)],
            cutPoints: ScoreCutPoints(recency: [], frequency: [], monetary: [], boundaries: empty))
        // Revenues whose float sum depends on the order they are added in.
        let ids = (0..<2_000).map { "c\($0)" }
        let revenue = { (i: Int) -> Double in [1e16, 1.0, -1e16, 0.1, 3.3][i % 5] * Double(1 + i % 7) }
        var small = [String: PreviousState]()
        var large = [String: PreviousState](minimumCapacity: 100_000)
        for (i, id) in ids.enumerated() { small[id] = PreviousState(segment: "Champions", revenue: revenue(i)) }
        for (i, id) in ids.enumerated().reversed() {
            large[id] = PreviousState(segment: "Champions", revenue: revenue(i))
        }
        #expect(Array(small.keys) != Array(large.keys))  // the premise: two iteration orders
        let a = SegmentMigration(rfm: rfm, scored: scored, rules: rules, previous: small, previousLabel: "2011-10")
        let b = SegmentMigration(rfm: rfm, scored: scored, rules: rules, previous: large, previousLabel: "2011-10")
        let sorted = ids.enumerated().sorted { $0.element < $1.element }.reduce(0.0) { $0 + revenue($1.offset) }
        #expect(a.changes[0].revenueBefore.bitPattern == sorted.bitPattern)
        #expect(b.changes[0].revenueBefore.bitPattern == sorted.bitPattern)
    }

    @Test func latestCompleteMonth() {
        #expect(
            MonthCalendar.latestComplete(lastTransactionDay: CivilDate(year: 2011, month: 12, day: 9)!) == (2011, 11))
        #expect(
            MonthCalendar.latestComplete(lastTransactionDay: CivilDate(year: 2011, month: 11, day: 30)!) == (2011, 11))
        #expect(
            MonthCalendar.latestComplete(lastTransactionDay: CivilDate(year: 2011, month: 1, day: 3)!) == (2010, 12))
        #expect(SnapshotRule.parseMonth("latest") == .latestCompleteMonth)
        #expect(SnapshotRule.parseMonth("2011-13") == nil)
    }
}
