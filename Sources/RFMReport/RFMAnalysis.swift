import RFMCore

/// The RFM half of a run: cleaned transactions, RFM per customer, scores and segments, and their summaries.
public struct RFMAnalysis: Sendable {
    public let transactions: TransactionTable
    public let rfm: RFMTable
    public let scored: ScoredCustomers
    public let rules: SegmentRuleSet
    public let segments: [SegmentSummary]

    public init(transactions: TransactionTable, snapshot: SnapshotRule, rules: SegmentRuleSet) throws(InputError) {
        self.transactions = transactions
        rfm = try RFMCalculator.compute(transactions, snapshot: snapshot)
        scored = ScoredCustomers.score(rfm, rules: rules)
        self.rules = rules
        segments = SegmentSummary.summarise(rfm, scored, rules: rules)
    }
}
