/// Fitted principal components.
public struct FittedPCA: Sendable, Equatable, Codable {
    /// Feature means.
    public let mean: [Double]
    /// Unit component vectors (rows), sign-fixed.
    public let components: [[Double]]
    /// Variance along each component.
    public let explainedVariance: [Double]
    /// Share of the total variance along each component.
    public let explainedVarianceRatio: [Double]

    /// Creates a fitted PCA from known values.
    public init(mean: [Double], components: [[Double]], explainedVariance: [Double], explainedVarianceRatio: [Double]) {
        self.mean = mean
        self.components = components
        self.explainedVariance = explainedVariance
        self.explainedVarianceRatio = explainedVarianceRatio
    }

    /// Coordinates of the rows along the components: (x − μ)·Vᵀ.
    public func transform(_ x: FeatureMatrix) throws -> FeatureMatrix {
        let d = mean.count
        guard x.columns == d else { throw SegmentationError.dimensionMismatch(expected: d, found: x.columns) }
        let m = components.count
        var out = [Double](repeating: 0, count: x.rows * m)
        for i in 0..<x.rows {
            for c in 0..<m {
                var s = 0.0
                for j in 0..<d { s += (x.values[i * d + j] - mean[j]) * components[c][j] }
                out[i * m + c] = s
            }
        }
        return FeatureMatrix(uncheckedRows: x.rows, columns: m, values: out)
    }
}
