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
        let n = x.rows
        let d = x.columns
        guard components >= 1, components <= d else {
            throw SegmentationError.invalidParameter(name: "components", value: "\(components)")
        }
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
        var comps = [[Double]]()
        var variances = [Double]()
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
