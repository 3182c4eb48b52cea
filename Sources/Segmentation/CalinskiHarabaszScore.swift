/// Calinski-Harabasz index as scikit-learn's `calinski_harabasz_score`:
/// [Σ_c n_c‖μ_c − μ‖² / (k − 1)] / [Σ_c Σ_{x∈c} ‖x − μ_c‖² / (n − k)], and 1 when the within-cluster
/// dispersion is 0.
public enum CalinskiHarabaszScore {
    /// The index, or nil when there are fewer than 2 or more than n − 1 distinct labels.
    public static func score(_ x: FeatureMatrix, labels: [Int]) throws -> Double? {
        guard labels.count == x.rows else {
            throw SegmentationError.dimensionMismatch(expected: x.rows, found: labels.count)
        }
        let cl = try ClusterLabels(labels)
        let n = x.rows
        let d = x.columns
        let k = cl.count
        guard k >= 2, k <= n - 1 else { return nil }
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += x.values[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        let centroids = cl.centroids(x)
        var extra = 0.0
        var intra = 0.0
        for c in 0..<k {
            var s = 0.0
            for j in 0..<d {
                let t = centroids[c * d + j] - mean[j]
                s += t * t
            }
            extra += Double(cl.sizes[c]) * s
        }
        for i in 0..<n {
            let c = cl.labels[i]
            for j in 0..<d {
                let t = x.values[i * d + j] - centroids[c * d + j]
                intra += t * t
            }
        }
        return intra == 0 ? 1 : extra * Double(n - k) / (intra * Double(k - 1))
    }
}
