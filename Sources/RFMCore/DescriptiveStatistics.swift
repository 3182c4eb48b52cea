/// Count, mean, standard deviation (n − 1), minimum, quartiles (linear interpolation, as numpy) and maximum,
/// as pandas' `describe()` reports them.
public struct DescriptiveStatistics: Sendable, Codable, Equatable {
    public let count: Int
    public let mean: Double
    public let std: Double
    public let min: Double
    public let p25: Double
    public let median: Double
    public let p75: Double
    public let max: Double

    enum CodingKeys: String, CodingKey {
        case count, mean, std, min, max
        case median = "50%"
        case p25 = "25%"
        case p75 = "75%"
    }

    public init(_ values: [Double]) {
        let sorted = values.sorted()
        count = values.count
        let n = Double(values.count)
        mean = values.isEmpty ? .nan : PairwiseSum.sum(values) / n
        let m = mean
        std = values.count < 2 ? .nan : (PairwiseSum.sum(values.map { ($0 - m) * ($0 - m) }) / (n - 1)).squareRoot()
        min = sorted.first ?? .nan
        max = sorted.last ?? .nan
        p25 = Quantile.linear(sorted, 0.25)
        median = Quantile.linear(sorted, 0.5)
        p75 = Quantile.linear(sorted, 0.75)
    }
}

/// Quantiles of sorted values with linear interpolation (numpy's default method).
public enum Quantile {
    public static func linear(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        let fraction = position - Double(lo)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * fraction
    }
}

/// numpy's pairwise summation (blocks of 8 lanes below 128 elements), so means match numpy to the last bit
/// in the common case.
public enum PairwiseSum {
    public static func sum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { sum($0, 0, $0.count) }
    }

    private static func sum(_ a: UnsafeBufferPointer<Double>, _ start: Int, _ n: Int) -> Double {
        if n < 8 {
            var s = -0.0
            for i in 0..<n { s += a[start + i] }
            return s
        } else if n <= 128 {
            var r = [Double](repeating: 0, count: 8)
            for k in 0..<8 { r[k] = a[start + k] }
            var i = 8
            while i < n - n % 8 {
                for k in 0..<8 { r[k] += a[start + i + k] }
                i += 8
            }
            var res = (r[0] + r[1]) + (r[2] + r[3]) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                res += a[start + i]
                i += 1
            }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return sum(a, start, n2) + sum(a, start + n2, n - n2)
        }
    }
}
