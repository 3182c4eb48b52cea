import Foundation
import RFMPrimitives

/// Greedy k-means++ seeding exactly as scikit-learn's `_kmeans_plusplus`: the first centre is a
/// uniformly random point; each further centre is the best of `2 + ⌊ln k⌋` candidates drawn with
/// probability proportional to the squared distance to the closest chosen centre, "best" meaning the
/// candidate that minimises the potential (sum of closest squared distances).
struct KMeansPlusPlus {
    let k: Int

    /// Returns k centres (row-major k × d) chosen from the rows of `x`.
    func centres(_ x: FeatureMatrix, using rng: inout SeededGenerator) -> [Double] {
        let n = x.rows
        let d = x.columns
        let trials = 2 + Int(Foundation.log(Double(k)))
        var centres = [Double](repeating: 0, count: k * d)
        let first = rng.nextIndex(n)
        for j in 0..<d { centres[j] = x.values[first * d + j] }
        var closest = [Double](repeating: 0, count: n)
        var cumulative = [Double](repeating: 0, count: n)
        var candidateDistances = [[Double]](repeating: [Double](repeating: 0, count: n), count: trials)
        x.values.withUnsafeBufferPointer { xp in
            var pot = 0.0
            for i in 0..<n {
                var s = 0.0
                for j in 0..<d {
                    let t = xp[i * d + j] - xp[first * d + j]
                    s += t * t
                }
                closest[i] = s
                pot += s
            }
            for c in 1..<k {
                var acc = 0.0
                for i in 0..<n {
                    acc += closest[i]
                    cumulative[i] = acc
                }
                var candidates = [Int]()
                for _ in 0..<trials {
                    let r = rng.nextUnit() * pot
                    candidates.append(min(Self.searchSortedLeft(cumulative, r), n - 1))
                }
                var bestPot = Double.infinity
                var bestT = 0
                for (t, cand) in candidates.enumerated() {
                    var p = 0.0
                    candidateDistances[t].withUnsafeMutableBufferPointer { dp in
                        closest.withUnsafeBufferPointer { cl in
                            if d == 3 {
                                let a = xp[3 * cand]
                                let b = xp[3 * cand + 1]
                                let c = xp[3 * cand + 2]
                                for i in 0..<n {
                                    let u = xp[3 &* i] - a
                                    let v = xp[3 &* i &+ 1] - b
                                    let w = xp[3 &* i &+ 2] - c
                                    let m = min(cl[i], u * u + v * v + w * w)
                                    dp[i] = m
                                    p += m
                                }
                            } else {
                                for i in 0..<n {
                                    var s = 0.0
                                    for j in 0..<d {
                                        let u = xp[i * d + j] - xp[cand * d + j]
                                        s += u * u
                                    }
                                    let m = min(cl[i], s)
                                    dp[i] = m
                                    p += m
                                }
                            }
                        }
                    }
                    if p < bestPot {
                        bestPot = p
                        bestT = t
                    }
                }
                pot = bestPot
                swap(&closest, &candidateDistances[bestT])
                let chosen = candidates[bestT]
                for j in 0..<d { centres[c * d + j] = xp[chosen * d + j] }
            }
        }
        return centres
    }

    /// numpy `searchsorted(a, v, side="left")`: the first index with a[i] >= v.
    static func searchSortedLeft(_ a: [Double], _ v: Double) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
