/// R, F and M scores 1-4 by quartiles of rank (SPEC §5), as pandas
/// `qcut(x.rank(method="first"), 4, labels=[1, 2, 3, 4])` computes them on customers sorted by id.
public enum QuartileScorer {
    /// Scores for one metric, in the customers' order. Ties are ranked in that order (first come, first ranked);
    /// rank `r` of `n` goes to the smallest bin `q` with `4 (r - 1) ≤ q (n - 1)`: the bins of `qcut` on the
    /// ranks 1...n, whose edges `1 + q (n - 1) / 4` numpy computes exactly. `reversed` gives the lowest values 4.
    public static func scores<T: Comparable>(_ values: [T], reversed: Bool = false) -> [Int] {
        scoresAndBoundaries(values, reversed: reversed).scores
    }

    /// The scores, and for each of the first three rank bins the index of its last customer: the boundary a
    /// saved model uses to score new customers the same way (value first, then customer order).
    public static func scoresAndBoundaries<T: Comparable>(_ values: [T], reversed: Bool = false) -> (
        scores: [Int], boundaries: [Int]
    ) {
        let n = values.count
        let order = values.indices.sorted { a, b in values[a] != values[b] ? values[a] < values[b] : a < b }
        var out = [Int](repeating: 0, count: n)
        var lastOfBin = [Int](repeating: -1, count: 4)
        for (position, index) in order.enumerated() {
            let r = position + 1
            var q = 1
            while q < 4 && 4 * (r - 1) > q * (n - 1) { q += 1 }
            out[index] = reversed ? 5 - q : q
            lastOfBin[q - 1] = index
        }
        // An empty bin (fewer than four customers) borrows the previous boundary.
        for q in 1..<3 where lastOfBin[q] < 0 { lastOfBin[q] = lastOfBin[q - 1] }
        return (out, Array(lastOfBin[0..<3]))
    }
}

/// One customer's scores and segment.
public struct CustomerScore: Sendable, Equatable {
    public let r: Int
    public let f: Int
    public let m: Int
    /// Index into the rule set's segments (the fallback is the last).
    public let segment: Int

    /// R + F + M (3 to 12).
    public var total: Int { r + f + m }
    /// The three digits, e.g. `434`.
    public var cell: String { "\(r)\(f)\(m)" }
}

/// The range of metric values that received each score, for the report's definitions.
public struct ScoreCutPoints: Sendable, Codable, Equatable {
    public struct Band: Sendable, Codable, Equatable {
        public let score: Int
        public let count: Int
        public let min: Double
        public let max: Double
    }
    public let recency: [Band]
    public let frequency: [Band]
    public let monetary: [Band]
    /// Where the rank bins end, per metric: what a saved model needs to score new customers.
    public let boundaries: ScoreBoundaries

    static func bands(_ values: [Double], _ scores: [Int]) -> [Band] {
        (1...4).compactMap { s in
            let sel = values.indices.filter { scores[$0] == s }.map { values[$0] }
            guard let lo = sel.min(), let hi = sel.max() else { return nil }
            return Band(score: s, count: sel.count, min: lo, max: hi)
        }
    }
}

/// Scores and segments for an RFM table.
public struct ScoredCustomers: Sendable {
    public let scores: [CustomerScore]
    public let cutPoints: ScoreCutPoints

    public static func score(_ rfm: RFMTable, rules: SegmentRuleSet) -> ScoredCustomers {
        let recency = rfm.customers.map { $0.recency }
        let frequency = rfm.customers.map { $0.frequency }
        let monetary = rfm.customers.map { $0.monetary }
        let (r, rb) = QuartileScorer.scoresAndBoundaries(recency, reversed: true)
        let (f, fb) = QuartileScorer.scoresAndBoundaries(frequency)
        let (m, mb) = QuartileScorer.scoresAndBoundaries(monetary)
        let scores = rfm.customers.indices.map { i in
            CustomerScore(r: r[i], f: f[i], m: m[i], segment: rules.segment(r: r[i], f: f[i], m: m[i]))
        }
        let cuts = ScoreCutPoints(
            recency: ScoreCutPoints.bands(recency.map(Double.init), r),
            frequency: ScoreCutPoints.bands(frequency.map(Double.init), f),
            monetary: ScoreCutPoints.bands(monetary, m),
            boundaries: ScoreBoundaries(
                order: rfm.order,
                recency: rb.map { ScoreBoundary(value: Double(recency[$0]), customerID: rfm.customers[$0].id) },
                frequency: fb.map { ScoreBoundary(value: Double(frequency[$0]), customerID: rfm.customers[$0].id) },
                monetary: mb.map { ScoreBoundary(value: monetary[$0], customerID: rfm.customers[$0].id) }))
        return ScoredCustomers(scores: scores, cutPoints: cuts)
    }
}
