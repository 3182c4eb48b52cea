/// How customers get their R, F and M scores: by quartiles of this snapshot's customers (standard RFM: the cut
/// points move with the data every month), or by a saved model's boundaries (`--model DIR`: a score means the same
/// thing month after month).
public enum ScoreMethod: Sendable, Equatable {
    case quartiles
    case savedBoundaries(ScoreBoundaries, source: String)

    /// Scores and segments the customers of `rfm`.
    public func score(_ rfm: RFMTable, rules: SegmentRuleSet) -> ScoredCustomers {
        switch self {
        case .quartiles:
            return ScoredCustomers.score(rfm, rules: rules)
        case .savedBoundaries(let boundaries, _):
            return ScoredCustomers.score(rfm, boundaries: boundaries, rules: rules)
        }
    }

    /// One sentence for the report.
    public var summary: String {
        switch self {
        case .quartiles: return "quartiles of this snapshot's customers (recomputed every run)"
        case .savedBoundaries(_, let source): return "the saved cut points of \(source)"
        }
    }
}

extension ScoredCustomers {
    /// Scores with fixed boundaries (a saved model's); the bands describe where this data's customers fell.
    public static func score(_ rfm: RFMTable, boundaries: ScoreBoundaries, rules: SegmentRuleSet) -> ScoredCustomers {
        let scores = rfm.customers.map { c -> CustomerScore in
            let s = boundaries.scores(id: c.id, recency: c.recency, frequency: c.frequency, monetary: c.monetary)
            return CustomerScore(r: s.r, f: s.f, m: s.m, segment: rules.segment(r: s.r, f: s.f, m: s.m))
        }
        let cuts = ScoreCutPoints(
            recency: ScoreCutPoints.bands(rfm.customers.map { Double($0.recency) }, scores.map(\.r)),
            frequency: ScoreCutPoints.bands(rfm.customers.map { Double($0.frequency) }, scores.map(\.f)),
            monetary: ScoreCutPoints.bands(rfm.customers.map(\.monetary), scores.map(\.m)),
            boundaries: boundaries)
        return ScoredCustomers(scores: scores, cutPoints: cuts)
    }
}
