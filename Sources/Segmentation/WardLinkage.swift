import Foundation

/// Exact Ward linkage by the nearest-neighbour chain algorithm, a line-by-line port of scipy's
/// `_hierarchy.nn_chain` (scipy 1.17) over a condensed Float64 distance matrix with the
/// Lance-Williams update d(i, x∪y) = √(((nᵢ+nₓ)d(i,x)² + (nᵢ+n_y)d(i,y)² − nᵢd(x,y)²) / (nᵢ+nₓ+n_y)).
///
/// Weighted start: points with sizes s start as clusters of that size, at the Ward distance
/// √(2·sᵢsⱼ/(sᵢ+sⱼ))·‖cᵢ − cⱼ‖ (equal to ‖cᵢ − cⱼ‖ for singletons, as scipy's `linkage(X, "ward")`).
/// Memory: 8·n(n−1)/2 bytes for the condensed matrix.
struct WardLinkage {
    /// Builds the dendrogram of the rows of `x`, optionally with initial cluster sizes.
    static func dendrogram(_ x: FeatureMatrix, sizes initialSizes: [Int]? = nil) -> Dendrogram {
        let n = x.rows, d = x.columns
        if n == 1 { return Dendrogram(leafCount: 1, merges: []) }
        let pairCount = n * (n - 1) / 2
        let dist = UnsafeMutableBufferPointer<Double>.allocate(capacity: pairCount)
        defer { dist.deallocate() }
        // rowStart[i] + j is the condensed index of the pair (i, j), i < j.
        var rowStart = [Int](repeating: 0, count: n)
        for i in 0..<n { rowStart[i] = n * i - i * (i + 1) / 2 - i - 1 }
        var size = initialSizes ?? [Int](repeating: 1, count: n)
        x.values.withUnsafeBufferPointer { xp in
            for i in 0..<n {
                let base = rowStart[i]
                for j in (i + 1)..<n {
                    var s = 0.0
                    for t in 0..<d { let u = xp[i * d + t] - xp[j * d + t]; s += u * u }
                    var v = s.squareRoot()
                    if initialSizes != nil {
                        let a = Double(size[i]), b = Double(size[j])
                        v *= (2 * a * b / (a + b)).squareRoot()
                    }
                    dist[base + j] = v
                }
            }
        }
        var active = Array(0..<n)
        var chain = [Int](repeating: 0, count: n)
        var chainLength = 0
        var raw = [(x: Int, y: Int, height: Double, size: Int)]()
        raw.reserveCapacity(n - 1)
        rowStart.withUnsafeBufferPointer { rs in
            @inline(__always) func index(_ a: Int, _ b: Int) -> Int { a < b ? rs[a] + b : rs[b] + a }
            for _ in 0..<(n - 1) {
                if chainLength == 0 {
                    chainLength = 1
                    chain[0] = active[0]
                }
                var x = 0, y = 0
                var currentMin = Double.infinity
                while true {
                    x = chain[chainLength - 1]
                    if chainLength > 1 {
                        y = chain[chainLength - 2]
                        currentMin = dist[index(x, y)]
                    } else {
                        currentMin = .infinity
                    }
                    for i in active where i != x {
                        let v = i < x ? dist[rs[i] + x] : dist[rs[x] + i]
                        if v < currentMin { currentMin = v; y = i }
                    }
                    if chainLength > 1 && y == chain[chainLength - 2] { break }
                    chain[chainLength] = y
                    chainLength += 1
                }
                chainLength -= 2
                if x > y { swap(&x, &y) }
                let nx = size[x], ny = size[y]
                raw.append((x, y, currentMin, nx + ny))
                size[x] = 0
                size[y] = nx + ny
                if let pos = Self.position(of: x, in: active) { active.remove(at: pos) }
                let dxy2 = currentMin * currentMin
                for i in active where i != y {
                    let ni = Double(size[i])
                    let t = 1.0 / (Double(nx) + Double(ny) + ni)
                    let ix = index(i, x), iy = index(i, y)
                    let dxi = dist[ix], dyi = dist[iy]
                    dist[iy] = ((ni + Double(nx)) * t * dxi * dxi + (ni + Double(ny)) * t * dyi * dyi - ni * t * dxy2).squareRoot()
                }
            }
        }
        return Dendrogram(unsortedMerges: raw, leafCount: n)
    }

    private static func position(of value: Int, in sorted: [Int]) -> Int? {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == value ? lo : nil
    }
}
