/// Labels renumbered to 0..<count in increasing order of the original label (scikit-learn's
/// `LabelEncoder`), with the size of every cluster.
struct ClusterLabels: Sendable {
    let labels: [Int]
    let count: Int
    let sizes: [Int]

    init(_ raw: [Int]) throws {
        guard let lo = raw.min(), let hi = raw.max() else { throw SegmentationError.emptyMatrix }
        guard lo >= 0 else { throw SegmentationError.invalidParameter(name: "label", value: "\(lo)") }
        var map = [Int](repeating: -1, count: hi + 1)
        for l in raw { map[l] = 0 }
        var next = 0
        for l in 0...hi where map[l] == 0 {
            map[l] = next
            next += 1
        }
        labels = raw.map { map[$0] }
        count = next
        var sizes = [Int](repeating: 0, count: next)
        for l in labels { sizes[l] += 1 }
        self.sizes = sizes
    }

    /// Mean of the rows of each cluster, row-major count × d.
    func centroids(_ x: FeatureMatrix) -> [Double] {
        let d = x.columns
        var c = [Double](repeating: 0, count: count * d)
        for i in 0..<x.rows { for j in 0..<d { c[labels[i] * d + j] += x.values[i * d + j] } }
        for l in 0..<count { for j in 0..<d { c[l * d + j] /= Double(sizes[l]) } }
        return c
    }
}
