/// Lloyd's algorithm as scikit-learn's `_kmeans_single_lloyd`: assign every point to the nearest
/// centre, move each centre to the mean of its points, stop when the labels do not change (strict
/// convergence) or the sum over centres of the squared centre shift is <= `tolerance`; after a
/// tolerance stop the labels are recomputed against the final centres.
///
/// Empty clusters are relocated as scikit-learn's `_relocate_empty_clusters_dense`: the points
/// farthest from their assigned (old) centre, in decreasing distance (ties: lower index first),
/// become the new centres of the empty clusters and leave their old clusters' sums.
struct LloydIterations {
    let k: Int
    let maxIterations: Int
    let tolerance: Double

    struct Outcome {
        var centres: [Double]
        var labels: [Int32]
        var inertia: Double
        var iterations: Int
        var strictConvergence: Bool
    }

    func run(_ x: FeatureMatrix, initialCentres: [Double]) -> Outcome {
        let n = x.rows
        let d = x.columns
        var centres = initialCentres
        var labels = [Int32](repeating: -1, count: n)
        var oldLabels = [Int32](repeating: -1, count: n)
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        var strict = false
        var iterations = 0
        x.values.withUnsafeBufferPointer { xp in
            for iteration in 0..<maxIterations {
                for t in 0..<(k * d) { sums[t] = 0 }
                for c in 0..<k { counts[c] = 0 }
                centres.withUnsafeBufferPointer { cp in
                    labels.withUnsafeMutableBufferPointer { lp in
                        sums.withUnsafeMutableBufferPointer { sp in
                            counts.withUnsafeMutableBufferPointer { np in
                                Self.assignAndAccumulate(xp, n: n, d: d, cp: cp, k: k, labels: lp, sums: sp, counts: np)
                            }
                        }
                    }
                }
                if counts.contains(0) {
                    relocateEmpty(xp, d: d, centres: centres, labels: labels, sums: &sums, counts: &counts)
                }
                var shift = 0.0
                for c in 0..<k {
                    // sklearn leaves a centre whose weight is still 0 at its accumulated (zero) sum divided by 1.
                    let w = counts[c] == 0 ? 1 : counts[c]
                    var s = 0.0
                    for j in 0..<d {
                        let newValue = sums[c * d + j] / w
                        let t = newValue - centres[c * d + j]
                        s += t * t
                        centres[c * d + j] = newValue
                    }
                    shift += s
                }
                iterations = iteration + 1
                if labels == oldLabels {
                    strict = true
                    break
                }
                if shift <= tolerance { break }
                oldLabels = labels
            }
        }
        if !strict {
            labels = NearestCentroid.assign(x, centres: centres, k: k).labels
        }
        var inertia = 0.0
        x.values.withUnsafeBufferPointer { xp in
            centres.withUnsafeBufferPointer { cp in
                for i in 0..<n {
                    inertia += NearestCentroid.squaredDistance(xp, i, cp, Int(labels[i]), d)
                }
            }
        }
        return Outcome(
            centres: centres, labels: labels, inertia: inertia, iterations: iterations, strictConvergence: strict)
    }

    /// Assigns every point to its nearest centre (squared distance, ties to the lowest index) and
    /// adds it to that centre's sum and count.
    private static func assignAndAccumulate(
        _ xp: UnsafeBufferPointer<Double>, n: Int, d: Int, cp: UnsafeBufferPointer<Double>, k: Int,
        labels: UnsafeMutableBufferPointer<Int32>, sums: UnsafeMutableBufferPointer<Double>,
        counts: UnsafeMutableBufferPointer<Double>
    ) {
        if d == 3 {
            // Four points at a time: the same distances ((u² + v²) + w²) and the same strict comparison as the
            // scalar loop, so the same labels; the sums are then added point by point, in index order.
            var i = 0
            let x = UnsafeRawPointer(xp.baseAddress!)
            while i + 4 <= n {
                let (px, py, pz) = FourRows.columns(x, row: i)
                var best = SIMD4<Double>(repeating: .infinity)
                var bestC = SIMD4<Int64>(repeating: 0)
                for c in 0..<k {
                    let u = px - SIMD4(repeating: cp[3 &* c])
                    let v = py - SIMD4(repeating: cp[3 &* c &+ 1])
                    let w = pz - SIMD4(repeating: cp[3 &* c &+ 2])
                    let s = u * u + v * v + w * w
                    let closer = s .< best
                    best.replace(with: s, where: closer)
                    bestC.replace(with: SIMD4(repeating: Int64(c)), where: closer)
                }
                for lane in 0..<4 {
                    let c = Int(bestC[lane])
                    labels[i &+ lane] = Int32(truncatingIfNeeded: c)
                    sums[3 &* c] += px[lane]
                    sums[3 &* c &+ 1] += py[lane]
                    sums[3 &* c &+ 2] += pz[lane]
                    counts[c] += 1
                }
                i &+= 4
            }
            while i < n {
                let a = xp[3 * i]
                let b = xp[3 * i + 1]
                let e = xp[3 * i + 2]
                var best = Double.infinity
                var bestC = 0
                for c in 0..<k {
                    let u = a - cp[3 * c]
                    let v = b - cp[3 * c + 1]
                    let w = e - cp[3 * c + 2]
                    let s = u * u + v * v + w * w
                    if s < best {
                        best = s
                        bestC = c
                    }
                }
                labels[i] = Int32(bestC)
                sums[3 * bestC] += a
                sums[3 * bestC + 1] += b
                sums[3 * bestC + 2] += e
                counts[bestC] += 1
                i += 1
            }
            return
        }
        for i in 0..<n {
            var best = Double.infinity
            var bestC = 0
            for c in 0..<k {
                let s = NearestCentroid.squaredDistance(xp, i, cp, c, d)
                if s < best {
                    best = s
                    bestC = c
                }
            }
            labels[i] = Int32(bestC)
            for j in 0..<d { sums[bestC * d + j] += xp[i * d + j] }
            counts[bestC] += 1
        }
    }

    private func relocateEmpty(
        _ xp: UnsafeBufferPointer<Double>, d: Int, centres: [Double], labels: [Int32],
        sums: inout [Double], counts: inout [Double]
    ) {
        let empty = (0..<k).filter { counts[$0] == 0 }
        let n = labels.count
        var distance = [Double](repeating: 0, count: n)
        centres.withUnsafeBufferPointer { cp in
            for i in 0..<n { distance[i] = NearestCentroid.squaredDistance(xp, i, cp, Int(labels[i]), d) }
        }
        let far = (0..<n).sorted { distance[$0] != distance[$1] ? distance[$0] > distance[$1] : $0 < $1 }
        for (idx, newCluster) in empty.enumerated() where idx < n {
            let p = far[idx]
            let old = Int(labels[p])
            for j in 0..<d {
                sums[old * d + j] -= xp[p * d + j]
                sums[newCluster * d + j] = xp[p * d + j]
            }
            counts[newCluster] = 1
            counts[old] -= 1
        }
    }
}
