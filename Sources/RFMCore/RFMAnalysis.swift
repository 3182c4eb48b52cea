import Segmentation

/// The RFM half of a run: cleaned transactions, RFM per customer, scores and segments, and their summaries.
public struct RFMAnalysis: Sendable {
    public let transactions: any PurchaseHistory
    public let rfm: RFMTable
    public let scored: ScoredCustomers
    public let rules: SegmentRuleSet
    public let segments: [SegmentSummary]
    /// The clustering half, or nil when it was not run or could not be (see `clusteringNote`).
    public private(set) var clustering: CustomerClustering?
    /// Why there are no clusters, when there are none.
    public private(set) var clusteringNote: String?
    /// Movements since the previous snapshot (monthly reports).
    public var migration: SegmentMigration?
    /// Segment sizes at the last month-ends (monthly reports).
    public var history: MonthlyHistory?

    public init(
        transactions: any PurchaseHistory, snapshot: SnapshotRule, rules: SegmentRuleSet,
        scoring: ScoreMethod = .quartiles
    ) throws(InputError) {
        let rfm = try transactions.rfm(at: snapshot)
        let scored = scoring.score(rfm, rules: rules)
        self.init(
            transactions: transactions, rfm: rfm, scored: scored, rules: rules,
            segments: SegmentSummary.summarise(rfm, scored, rules: rules))
    }

    /// The analysis from its parts, as the run's `rfm`, `score` and `segment` steps made them.
    public init(
        transactions: any PurchaseHistory, rfm: RFMTable, scored: ScoredCustomers, rules: SegmentRuleSet,
        segments: [SegmentSummary]
    ) {
        self.transactions = transactions
        self.rfm = rfm
        self.scored = scored
        self.rules = rules
        self.segments = segments
    }

    /// Runs the clustering half (SPEC §6). Too few or identical customers leave a note instead of clusters.
    /// With `model`, its clustering is applied instead of fitting one.
    public mutating func cluster(_ settings: ClusteringSettings, applying model: AppliedModel? = nil) throws {
        do {
            if let model {
                clustering = try CustomerClustering(
                    rfm: rfm, scored: scored, rules: rules, applying: model.model, source: model.source,
                    seed: settings.seed, threads: settings.threads)
            } else {
                clustering = try CustomerClustering(rfm: rfm, scored: scored, rules: rules, settings: settings)
            }
            clusteringNote = nil
        } catch let unavailable as ClusteringUnavailable {
            clustering = nil
            clusteringNote = unavailable.reason
        }
    }
}
