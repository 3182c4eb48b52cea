/// Davies-Bouldin index as scikit-learn's `davies_bouldin_score`: the mean over clusters of
/// max_{c'≠c} (s_c + s_c') / ‖μ_c − μ_c'‖, with s_c the mean distance of the cluster's points to its
/// centroid; 0 when all s_c or all centroid distances are within 1e-8 of 0 (numpy `allclose`), and a
/// zero centroid distance contributes 0.
public enum DaviesBouldinScore {
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
        let centroids = cl.centroids(x)
        var intra = [Double](repeating: 0, count: k)
        for i in 0..<n {
            let c = cl.labels[i]
            var s = 0.0
            for j in 0..<d {
                let t = x.values[i * d + j] - centroids[c * d + j]
                s += t * t
            }
            intra[c] += s.squareRoot()
        }
        for c in 0..<k { intra[c] /= Double(cl.sizes[c]) }
        var between = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            for b in 0..<k {
                var s = 0.0
                for j in 0..<d {
                    let t = centroids[a * d + j] - centroids[b * d + j]
                    s += t * t
                }
                between[a * k + b] = s.squareRoot()
            }
        }
        if intra.allSatisfy({ abs($0) <= 1e-8 }) || between.allSatisfy({ abs($0) <= 1e-8 }) { return 0 }
        var total = 0.0
        for a in 0..<k {
            var worst = 0.0
            for b in 0..<k where between[a * k + b] != 0 {
                worst = max(worst, (intra[a] + intra[b]) / between[a * k + b])
            }
            total += worst
        }
        return total / Double(k)
    }
}
