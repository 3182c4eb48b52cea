/// Principal component analysis by eigen-decomposition of the sample covariance (scikit-learn's
/// `PCA(svd_solver="covariance_eigh")`), each component's sign fixed so that its largest-magnitude
/// loading is positive.
public struct PCA: Sendable {
    /// Number of components kept.
    public var components: Int

    /// Creates the parameters.
    public init(components: Int = 2) {
        self.components = components
    }

    /// Fits the components: C = (X − μ)ᵀ(X − μ) / (n − 1), eigenvalues in decreasing order.
    public func fit(_ x: FeatureMatrix) throws -> FittedPCA {
        try x.validate()
        let n = x.rows, d = x.columns
        guard components >= 1, components <= d else { throw SegmentationError.invalidParameter(name: "components", value: "\(components)") }
        guard n >= 2 else { throw SegmentationError.fewerPointsThanClusters(points: n, clusters: 2) }
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += x.values[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        var cov = [Double](repeating: 0, count: d * d)
        var diff = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { diff[j] = x.values[i * d + j] - mean[j] }
            for a in 0..<d { for b in a..<d { cov[a * d + b] += diff[a] * diff[b] } }
        }
        for a in 0..<d {
            for b in a..<d {
                cov[a * d + b] /= Double(n - 1)
                cov[b * d + a] = cov[a * d + b]
            }
        }
        let (values, vectors) = SmallMatrixAlgebra.symmetricEigen(cov, d)
        let order = (0..<d).sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        let totalVariance = values.reduce(0, +)
        var comps = [[Double]](), variances = [Double]()
        for idx in order.prefix(components) {
            var v = vectors[idx]
            var big = 0
            for j in 1..<d where abs(v[j]) > abs(v[big]) { big = j }
            if v[big] < 0 { v = v.map { -$0 } }
            comps.append(v)
            variances.append(max(values[idx], 0))
        }
        let ratios = variances.map { totalVariance > 0 ? $0 / totalVariance : 0 }
        return FittedPCA(mean: mean, components: comps, explainedVariance: variances, explainedVarianceRatio: ratios)
    }
}

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
