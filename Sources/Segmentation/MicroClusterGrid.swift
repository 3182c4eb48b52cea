/// Micro-clusters for the approximate Ward linkage: the points are binned on a regular grid of
/// b equal-width bins per feature between each feature's minimum and maximum; every occupied cell
/// becomes one micro-cluster with its points' mean and count. b starts at 64 and decreases until at
/// most `maxClusters` cells are occupied. Memory is linear in n.
struct MicroClusterGrid {
    let maxClusters: Int

    struct Result {
        /// Row-major m × d means of the occupied cells, in order of first occupying point.
        var centroids: FeatureMatrix
        /// Number of points per micro-cluster.
        var sizes: [Int]
        /// Micro-cluster of every point.
        var assignment: [Int32]
        /// Bins per feature used.
        var binsPerFeature: Int
    }

    func build(_ x: FeatureMatrix) -> Result {
        let n = x.rows
        let d = x.columns
        var lo = [Double](repeating: .infinity, count: d)
        var hi = [Double](repeating: -.infinity, count: d)
        for i in 0..<n {
            for j in 0..<d {
                let v = x.values[i * d + j]
                lo[j] = min(lo[j], v)
                hi[j] = max(hi[j], v)
            }
        }
        var bins = 64
        var cellOf = [Int](repeating: 0, count: n)
        var idOfCell = [Int: Int32]()
        while true {
            idOfCell.removeAll(keepingCapacity: true)
            for i in 0..<n {
                var key = 0
                for j in 0..<d {
                    let width = hi[j] - lo[j]
                    var b = width > 0 ? Int((x.values[i * d + j] - lo[j]) / width * Double(bins)) : 0
                    if b >= bins { b = bins - 1 }
                    key = key * bins + b
                }
                cellOf[i] = key
                if idOfCell[key] == nil { idOfCell[key] = Int32(idOfCell.count) }
            }
            if idOfCell.count <= maxClusters || bins <= 2 { break }
            bins -= max(1, bins / 8)
        }
        let m = idOfCell.count
        var sums = [Double](repeating: 0, count: m * d)
        var sizes = [Int](repeating: 0, count: m)
        var assignment = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let c = idOfCell[cellOf[i]] ?? 0
            assignment[i] = c
            sizes[Int(c)] += 1
            for j in 0..<d { sums[Int(c) * d + j] += x.values[i * d + j] }
        }
        for c in 0..<m { for j in 0..<d { sums[c * d + j] /= Double(sizes[c]) } }
        return Result(
            centroids: FeatureMatrix(uncheckedRows: m, columns: d, values: sums),
            sizes: sizes, assignment: assignment, binsPerFeature: bins)
    }
}
