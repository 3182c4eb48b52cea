/// Scores 1...N by R `rfm` 0.3.0's quantile bins (`bins`, `bins_lower`, `bins_upper`, `rfm_prep_bins`): the cut
/// points are R's type-7 quantiles at i/N for i = 1...N−1, each plus 1. Bin i is the half-open [lower_i, upper_i),
/// where lower is (min, cuts...) and upper is (cuts..., max + 1). Ties always share a score, so bins may be uneven,
/// and a bin may be empty. Frequency and monetary value score i in bin i. Recency scores N + 1 − i, so the most
/// recent customers score N.
public struct QuantileBinScorer: Sendable, Equatable {
    public let bins: Int
    /// The N − 1 cut points (quantile + 1).
    public let cuts: [Double]
    public let lower: [Double]
    public let upper: [Double]

    /// The bins of `values`, which must not be empty. `bins` is at least 2.
    public init(_ values: [Double], bins: Int) {
        precondition(bins >= 2 && !values.isEmpty)
        let sorted = values.sorted()
        self.bins = bins
        cuts = (1..<bins).map { Self.quantile(sorted, Double($0) / Double(bins)) + 1 }
        lower = [sorted[0]] + cuts
        upper = cuts + [sorted[sorted.count - 1] + 1]
    }

    /// R's `quantile(type = 7)` of sorted values: h = (n − 1)p, interpolated between the values around it.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// The bin (1...N) of a value: the last bin whose lower bound it reaches and whose upper bound it is under.
    /// rfm assigns the bins one after another, so a later bin overwrites an earlier one. A value outside every bin
    /// (possible only for a value not among those the bins were made from) goes to the nearest end.
    public func bin(_ value: Double) -> Int {
        var found = 0
        for i in 0..<bins where value >= lower[i] && value < upper[i] { found = i + 1 }
        if found > 0 { return found }
        return value < lower[0] ? 1 : bins
    }

    /// Score of a frequency or monetary value: its bin.
    public func score(_ value: Double) -> Int { bin(value) }

    /// Score of a recency: the most recent bin scores N.
    public func recencyScore(_ value: Double) -> Int { bins + 1 - bin(value) }
}
