/// A robust scaler's fitted per-feature centre (median) and scale (IQR, or 1).
public struct FittedRobustScaler: Sendable, Equatable, Codable {
    /// Median of each feature.
    public let center: [Double]
    /// Interquartile range of each feature (1 where it was 0).
    public let scale: [Double]

    /// Creates a fitted scaler from known centres and scales.
    public init(center: [Double], scale: [Double]) {
        self.center = center
        self.scale = scale
    }

    /// Returns (x − center) / scale per feature.
    public func transform(_ x: FeatureMatrix) throws -> FeatureMatrix {
        guard x.columns == center.count else {
            throw SegmentationError.dimensionMismatch(expected: center.count, found: x.columns)
        }
        var v = x.values
        let d = x.columns
        for i in 0..<v.count { v[i] = (v[i] - center[i % d]) / scale[i % d] }
        return FeatureMatrix(uncheckedRows: x.rows, columns: d, values: v)
    }
}
