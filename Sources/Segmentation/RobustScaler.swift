/// Per-feature robust scaling: (x − median) / IQR, as scikit-learn's `RobustScaler()`.
///
/// Quantiles use numpy's default linear interpolation (`np.percentile(..., method="linear")`):
/// position h = q·(n − 1), value = a[⌊h⌋] + (a[⌊h⌋+1] − a[⌊h⌋])·(h − ⌊h⌋).
/// An IQR below 10·ε (scikit-learn's `_handle_zeros_in_scale`) is replaced by 1.
public struct RobustScaler: Sendable {
    /// Lower quantile of the scale range (25th percentile).
    public var lowerQuantile: Double
    /// Upper quantile of the scale range (75th percentile).
    public var upperQuantile: Double

    /// Creates a scaler with the given quantile range (fractions in [0, 1]).
    public init(lowerQuantile: Double = 0.25, upperQuantile: Double = 0.75) {
        self.lowerQuantile = lowerQuantile
        self.upperQuantile = upperQuantile
    }

    /// Computes the median and IQR of every column.
    public func fit(_ x: FeatureMatrix) throws -> FittedRobustScaler {
        try x.validate()
        var center = [Double]()
        var scale = [Double]()
        for j in 0..<x.columns {
            let sorted = x.column(j).sorted()
            center.append(Self.median(sorted))
            let iqr = Self.quantile(sorted, upperQuantile) - Self.quantile(sorted, lowerQuantile)
            scale.append(iqr < 10 * Double.ulpOfOne ? 1 : iqr)
        }
        return FittedRobustScaler(center: center, scale: scale)
    }

    /// numpy's median: the middle value, or the mean of the two middle values.
    static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        if n % 2 == 1 { return sorted[n / 2] }
        return (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// numpy's linear quantile, including its two-sided lerp (`numpy.lib._function_base_impl._lerp`).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let n = sorted.count
        let h = q * Double(n - 1)
        let lo = Int(h.rounded(.down))
        if lo >= n - 1 { return sorted[n - 1] }
        let t = h - Double(lo)
        let a = sorted[lo]
        let b = sorted[lo + 1]
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
}
