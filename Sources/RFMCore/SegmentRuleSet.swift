/// The ordered segment rules (the first matching rule wins) and the catch-all segment for everyone else.
public struct SegmentRuleSet: Sendable, Equatable {
    public let rules: [SegmentRule]
    /// The catch-all segment; its bounds are ignored.
    public let fallback: SegmentRule
    /// Segment index for each of the 64 cells, `lookup[(r-1)*16 + (f-1)*4 + (m-1)]`.
    private let lookup: [Int]

    public init(rules: [SegmentRule], fallback: SegmentRule) {
        self.rules = rules
        self.fallback = fallback
        var table = [Int](repeating: rules.count, count: 64)
        for r in 1...4 {
            for f in 1...4 {
                for m in 1...4 {
                    if let k = rules.firstIndex(where: { $0.matches(r: r, f: f, m: m) }) {
                        table[(r - 1) * 16 + (f - 1) * 4 + (m - 1)] = k
                    }
                }
            }
        }
        lookup = table
    }

    /// All segments in report order: the rules, then the catch-all.
    public var segments: [SegmentRule] { rules + [fallback] }

    /// The segment index of a customer with these scores.
    @inline(__always)
    public func segment(r: Int, f: Int, m: Int) -> Int { lookup[(r - 1) * 16 + (f - 1) * 4 + (m - 1)] }

    /// The R/F/M cells (as `RFM` digits) that no rule covers: they fall to the catch-all.
    public var uncoveredCells: [String] {
        var out: [String] = []
        for r in 1...4 {
            for f in 1...4 {
                for m in 1...4 where segment(r: r, f: f, m: m) == rules.count { out.append("\(r)\(f)\(m)") }
            }
        }
        return out
    }

    /// Rules that can never match because earlier rules take all their cells.
    public var unreachableRules: [String] {
        let reached = Set(lookup)
        return rules.indices.filter { !reached.contains($0) }.map { rules[$0].name }
    }

    /// The default rules of SPEC §5.
    public static let standard = SegmentRuleSet(
        rules: [
            SegmentRule(
                name: "Champions", r: .init(4, 4), f: .init(3, 4), m: .init(3, 4),
                description: "Bought recently, buy often and spend the most",
                strategy: "Reward loyalty; introduce new products", colour: nil),
            SegmentRule(
                name: "Loyal Customers", r: .init(2, 4), f: .init(3, 4), m: .init(3, 4),
                description: "Buy often and spend well; good retention",
                strategy: "Increase frequency; cross-sell and upsell", colour: nil),
            SegmentRule(
                name: "Potential Loyalists", r: .init(3, 4), f: .init(2, 4), m: .init(1, 4),
                description: "Recent, moderately frequent, spend less",
                strategy: "Nurture with personalised offers", colour: nil),
            SegmentRule(
                name: "Promising", r: .init(3, 4), f: .init(1, 1), m: .init(1, 4),
                description: "Recent first-time or rare buyers",
                strategy: "Build engagement; recommend products", colour: nil),
            SegmentRule(
                name: "At Risk", r: .init(2, 2), f: .init(1, 4), m: .init(1, 4),
                description: "Have not bought for a while",
                strategy: "Win-back campaigns; special offers", colour: nil),
            SegmentRule(
                name: "Lost", r: .init(1, 1), f: .init(1, 2), m: .init(1, 4),
                description: "Long gone, bought rarely",
                strategy: "Re-engagement campaign or de-list", colour: nil),
        ],
        fallback: SegmentRule(
            name: "Others", r: .init(1, 4), f: .init(1, 4), m: .init(1, 4),
            description: "Patterns the rules above do not name",
            strategy: "Segment-specific strategies", colour: nil))
}
