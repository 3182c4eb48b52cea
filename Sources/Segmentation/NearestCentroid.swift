/// Nearest-centre assignment by squared Euclidean distance; ties go to the lowest centre index.
enum NearestCentroid {
    /// The index of the nearest centre for every row, and the squared distance to it.
    static func assign(_ x: FeatureMatrix, centres: [Double], k: Int) -> (labels: [Int32], distances: [Double]) {
        let n = x.rows
        let d = x.columns
        var labels = [Int32](repeating: 0, count: n)
        var dist = [Double](repeating: 0, count: n)
        x.values.withUnsafeBufferPointer { xp in
            centres.withUnsafeBufferPointer { cp in
                for i in 0..<n {
                    var best = Double.infinity
                    var bestC: Int32 = 0
                    let xi = i * d
                    for c in 0..<k {
                        var s = 0.0
                        let cc = c * d
                        for j in 0..<d {
                            let t = xp[xi + j] - cp[cc + j]
                            s += t * t
                        }
                        if s < best {
                            best = s
                            bestC = Int32(c)
                        }
                    }
                    labels[i] = bestC
                    dist[i] = best
                }
            }
        }
        return (labels, dist)
    }

    /// Squared Euclidean distance between row i of `x` and centre c.
    @inline(__always)
    static func squaredDistance(
        _ xp: UnsafeBufferPointer<Double>, _ i: Int, _ cp: UnsafeBufferPointer<Double>, _ c: Int, _ d: Int
    ) -> Double {
        var s = 0.0
        for j in 0..<d {
            let t = xp[i * d + j] - cp[c * d + j]
            s += t * t
        }
        return s
    }
}
