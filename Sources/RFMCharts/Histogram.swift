import Foundation

/// A distribution of values in bins with "nice" edges, on a linear or log10 x axis.
public struct Histogram: Sendable {
    public var values: [Double]
    /// The most bins to use; the bin width is rounded to a nice number, so there may be fewer.
    public var maxBins: Int
    /// The x axis: title, format of the edges, linear or log10 (then bins are equal in log10).
    public var valueAxis: ValueAxis
    /// The y axis title (what is counted).
    public var countTitle: String

    /// Creates a histogram.
    public init(
        values: [Double], maxBins: Int = 30, valueAxis: ValueAxis = ValueAxis(), countTitle: String = "Customers"
    ) {
        self.values = values
        self.maxBins = maxBins
        self.valueAxis = valueAxis
        self.countTitle = countTitle
    }

    /// One bin: values in lower..<upper (the last bin also holds its upper edge).
    public struct Bin: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
    }

    /// The bins, and how many values could not be placed (non-finite, or ≤ 0 on a log axis).
    public func bins() -> (bins: [Bin], omitted: Int) {
        let log = valueAxis.scale == .log10
        var xs: [Double] = []
        xs.reserveCapacity(values.count)
        for v in values where v.isFinite && (!log || v > 0) { xs.append(log ? Foundation.log10(v) : v) }
        let omitted = values.count - xs.count
        guard let lo = xs.min(), let hi = xs.max() else { return ([], omitted) }
        var edges: [Double]
        let integers = values.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
        if hi - lo <= 0 {
            let half = log ? 0.05 : (lo == 0 ? 0.5 : max(abs(lo) * 0.05, 0.5))
            edges = [lo - half, lo + half]
        } else {
            let step = NiceTicks.step(range: hi - lo, intervals: max(1, maxBins), integerOnly: false)
            let first = (lo / step + 1e-9).rounded(.down)
            let last = max(first + 1, (hi / step - 1e-9).rounded(.up))
            edges = stride(from: first, through: last, by: 1).map { NiceTicks.clean($0 * step) }
        }
        if log {
            edges = edges.map { NiceTicks.clean(pow(10, $0)) }
            xs = xs.map { pow(10, $0) }
            if integers {
                // Whole numbers (orders) on log bins: snap edges to integers so no bin falls between two integers.
                var snapped: [Double] = []
                for (i, e) in edges.enumerated() {
                    let v = i == 0 ? e.rounded(.down) : e.rounded()
                    if v >= 1, v > (snapped.last ?? 0) { snapped.append(v) }
                }
                if snapped.count < 2 { snapped.append((snapped.last ?? 1) + 1) }
                edges = snapped
            }
        }
        let n = edges.count - 1
        var counts = [Int](repeating: 0, count: n)
        for x in xs {
            // Last edge ≤ x, by binary search; the top edge belongs to the last bin.
            var a = 0
            var b = n
            while a < b {
                let mid = (a + b + 1) / 2
                if edges[mid] <= x * (1 + 1e-12) { a = mid } else { b = mid - 1 }
            }
            counts[min(n - 1, a)] += 1
        }
        let bins = (0..<n).map { Bin(lower: edges[$0], upper: edges[$0 + 1], count: counts[$0]) }
        return (bins, omitted)
    }
}
