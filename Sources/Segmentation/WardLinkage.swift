import Foundation

/// Exact Ward linkage by the nearest-neighbour chain algorithm, a line-by-line port of scipy's
/// `_hierarchy.nn_chain` (scipy 1.17) over a condensed Float64 distance matrix with the
/// Lance-Williams update d(i, x∪y) = √(((nᵢ+nₓ)d(i,x)² + (nᵢ+n_y)d(i,y)² − nᵢd(x,y)²) / (nᵢ+nₓ+n_y)).
///
/// Weighted start: points with sizes s start as clusters of that size, at the Ward distance
/// √(2·sᵢsⱼ/(sᵢ+sⱼ))·‖cᵢ − cⱼ‖ (equal to ‖cᵢ − cⱼ‖ for singletons, as scipy's `linkage(X, "ward")`).
/// Memory: 8·n(n−1)/2 bytes for the condensed matrix. Up to `squareLimit` points a full n × n
/// matrix (8·n² bytes) holds the same values so that every scan reads a contiguous row.
struct WardLinkage {
    /// Largest n that uses the full square matrix (8,192² doubles = 512 MiB).
    static let squareLimit = 8_192

    /// Builds the dendrogram of the rows of `x`, optionally with initial cluster sizes.
    static func dendrogram(_ x: FeatureMatrix, sizes initialSizes: [Int]? = nil) -> Dendrogram {
        let n = x.rows, d = x.columns
        if n == 1 { return Dendrogram(leafCount: 1, merges: []) }
        let square = n <= Self.squareLimit
        let dist = UnsafeMutableBufferPointer<Double>.allocate(capacity: square ? n * n : n * (n - 1) / 2)
        defer { dist.deallocate() }
        // Condensed: rowStart[i] + j is the index of the pair (i, j), i < j. Square: i·n + j.
        var rowStart = [Int](repeating: 0, count: n)
        for i in 0..<n { rowStart[i] = square ? n * i : n * i - i * (i + 1) / 2 - i - 1 }
        var size = initialSizes ?? [Int](repeating: 1, count: n)
        x.values.withUnsafeBufferPointer { xp in
            for i in 0..<n {
                let base = rowStart[i]
                // Square: every row is filled in full (each distance computed twice, exactly
                // symmetric in IEEE arithmetic) so that no write is strided.
                for j in (square ? 0 : i + 1)..<n where j != i {
                    var s = 0.0
                    for t in 0..<d { let u = xp[i * d + t] - xp[j * d + t]; s += u * u }
                    var v = s.squareRoot()
                    if initialSizes != nil {
                        let a = Double(size[i]), b = Double(size[j])
                        v *= (2 * a * b / (a + b)).squareRoot()
                    }
                    dist[base + j] = v
                }
                if square { dist[base + i] = 0 }
            }
        }
        var active = Array(0..<n)
        var chain = [Int](repeating: 0, count: n)
        var chainLength = 0
        var raw = [(x: Int, y: Int, height: Double, size: Int)]()
        raw.reserveCapacity(n - 1)
        rowStart.withUnsafeBufferPointer { rs in
            @inline(__always) func index(_ a: Int, _ b: Int) -> Int { a < b || square ? rs[a] + b : rs[b] + a }
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
                    if square {
                        let row = rs[x]
                        for i in active where i != x {
                            let v = dist[row + i]
                            if v < currentMin { currentMin = v; y = i }
                        }
                    } else {
                        for i in active where i != x {
                            let v = i < x ? dist[rs[i] + x] : dist[rs[x] + i]
                            if v < currentMin { currentMin = v; y = i }
                        }
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
                    let ix = index(x, i), iy = index(y, i)
                    let dxi = dist[ix], dyi = dist[iy]
                    let v = ((ni + Double(nx)) * t * dxi * dxi + (ni + Double(ny)) * t * dyi * dyi - ni * t * dxy2).squareRoot()
                    dist[iy] = v
                    if square { dist[rs[i] + y] = v }
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
