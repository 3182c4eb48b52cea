/// Per-segment statistics (SPEC §7 `segments.csv`): customers, share, revenue, revenue share, mean and
/// median of R (days), F and M.
public struct SegmentSummary: Sendable, Codable, Equatable {
    public let segment: String
    public let description: String
    public let strategy: String
    public let customers: Int
    public let share: Double
    public let revenue: Double
    public let revenueShare: Double
    public let recencyMean: Double?
    public let recencyMedian: Double?
    public let frequencyMean: Double?
    public let frequencyMedian: Double?
    public let monetaryMean: Double?
    public let monetaryMedian: Double?

    enum CodingKeys: String, CodingKey {
        case segment, description, strategy, customers, share, revenue
        case revenueShare = "revenue_share"
        case recencyMean = "recency_days_mean"
        case recencyMedian = "recency_days_median"
        case frequencyMean = "frequency_mean"
        case frequencyMedian = "frequency_median"
        case monetaryMean = "monetary_mean"
        case monetaryMedian = "monetary_median"
    }

    /// One summary per segment of the rule set, in rule order (the catch-all last), empty segments included.
    public static func summarise(_ rfm: RFMTable, _ scored: ScoredCustomers, rules: SegmentRuleSet) -> [SegmentSummary]
    {
        let n = rfm.customers.count
        let total = PairwiseSum.sum(rfm.customers.map(\.monetary))
        var members = [[Int]](repeating: [], count: rules.segments.count)
        for (i, s) in scored.scores.enumerated() { members[s.segment].append(i) }
        return rules.segments.enumerated().map { k, rule in
            let idx = members[k]
            let r = idx.map { Double(rfm.customers[$0].recency) }
            let f = idx.map { Double(rfm.customers[$0].frequency) }
            let m = idx.map { rfm.customers[$0].monetary }
            let revenue = PairwiseSum.sum(m)
            func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : PairwiseSum.sum(v) / Double(v.count) }
            func median(_ v: [Double]) -> Double? { v.isEmpty ? nil : Quantile.linear(v.sorted(), 0.5) }
            return SegmentSummary(
                segment: rule.name, description: rule.description, strategy: rule.strategy, customers: idx.count,
                share: n == 0 ? 0 : Double(idx.count) / Double(n), revenue: revenue,
                revenueShare: total == 0 ? 0 : revenue / total,
                recencyMean: mean(r), recencyMedian: median(r), frequencyMean: mean(f), frequencyMedian: median(f),
                monetaryMean: mean(m), monetaryMedian: median(m))
        }
    }
}
