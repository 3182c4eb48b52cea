/// Mean silhouette coefficients of many labellings of the same points, computing every pairwise
/// distance once.
///
/// s(i) = (b − a) / max(a, b), a = mean distance to the other points of i's cluster, b = the smallest
/// mean distance to another cluster; s = 0 for a point alone in its cluster and when a = b = 0
/// (scikit-learn's `silhouette_samples`). Above `exactLimit` points the score is the mean over the
/// first `sampleSize` points of a seeded permutation, computed against that sample only.
///
/// Rows are split into fixed blocks of `blockRows`; each row's distance sums are accumulated in
/// index order, and the per-fit means are summed in row order, so the result is bit-identical for
/// any thread count.
public struct SilhouetteBatch: Sendable {
    /// Largest number of points scored exactly.
    public var exactLimit: Int
    /// Sample size above `exactLimit`.
    public var sampleSize: Int
    /// Seed of the sample.
    public var seed: UInt64
    /// Worker threads.
    public var threads: Int

    static let blockRows = 64

    /// Creates the parameters.
    public init(exactLimit: Int = 20_000, sampleSize: Int = 20_000, seed: UInt64 = 42, threads: Int = 1) {
        self.exactLimit = exactLimit
        self.sampleSize = sampleSize
        self.seed = seed
        self.threads = threads
    }

    /// The method that `scores` uses for n points.
    public func method(points n: Int) -> SilhouetteMethod {
        n <= exactLimit ? .exact : .sampled(size: min(sampleSize, n))
    }

    /// The rows of a sample scored for n points (all rows when exact).
    public func sampleIndices(points n: Int) -> [Int] {
        guard n > exactLimit else { return Array(0..<n) }
        var rng = SeededGenerator(seed: seed, stream: [0x5349_4C])
        return Array(rng.permutation(n).prefix(sampleSize))
    }

    /// One mean silhouette per labelling, nil where fewer than 2 or more than n − 1 clusters are present.
    public func scores(_ x: FeatureMatrix, labelings: [[Int]]) throws -> [Double?] {
        try x.validate()
        for l in labelings where l.count != x.rows {
            throw SegmentationError.dimensionMismatch(expected: x.rows, found: l.count)
        }
        if labelings.isEmpty { return [] }
        if x.rows <= exactLimit { return try exactScores(x, labelings: labelings) }
        let sample = sampleIndices(points: x.rows)
        return try exactScores(x.selecting(rows: sample), labelings: labelings.map { l in sample.map { l[$0] } })
    }

    private func exactScores(_ x: FeatureMatrix, labelings: [[Int]]) throws -> [Double?] {
        let n = x.rows, d = x.columns
        let fits = try labelings.map(ClusterLabels.init)
        let fitCount = fits.count
        var offsetList = [Int](), slotCount = 0
        for f in fits { offsetList.append(slotCount); slotCount += f.count }
        let offsets = offsetList, slots = slotCount
        var slotOf = [Int32](repeating: 0, count: n * fitCount)
        for (f, fit) in fits.enumerated() {
            for j in 0..<n { slotOf[j * fitCount + f] = Int32(offsets[f] + fit.labels[j]) }
        }
        let slotTable = slotOf
        let sizes = fits.flatMap(\.sizes)
        let blocks = (n + Self.blockRows - 1) / Self.blockRows
        let values = x.values
        let blockValues: [[Double]] = ParallelWork.map(count: blocks, threads: threads) { block in
            let start = block * Self.blockRows, end = min(n, start + Self.blockRows)
            var out = [Double](repeating: 0, count: (end - start) * fitCount)
            var acc = [Double](repeating: 0, count: slots)
            values.withUnsafeBufferPointer { xp in
                slotTable.withUnsafeBufferPointer { sp in
                    acc.withUnsafeMutableBufferPointer { ap in
                        for i in start..<end {
                            for s in 0..<slots { ap[s] = 0 }
                            Self.accumulate(xp, row: i, n: n, d: d, slots: sp, fitCount: fitCount, into: ap)
                            for f in 0..<fitCount {
                                out[(i - start) * fitCount + f] = Self.coefficient(
                                    sums: ap, offset: offsets[f], clusters: fits[f].count, sizes: sizes,
                                    own: Int(sp[i * fitCount + f]) - offsets[f])
                            }
                        }
                    }
                }
            }
            return out
        }
        var totals = [Double](repeating: 0, count: fitCount)
        for (block, v) in blockValues.enumerated() {
            let start = block * Self.blockRows
            let rowsInBlock = min(n, start + Self.blockRows) - start
            for r in 0..<rowsInBlock { for f in 0..<fitCount { totals[f] += v[r * fitCount + f] } }
        }
        return (0..<fitCount).map { f in
            let k = fits[f].count
            return k >= 2 && k <= n - 1 ? totals[f] / Double(n) : nil
        }
    }

    /// Adds the distance from row i to every row j into the slot of j's cluster in every fit.
    @inline(__always)
    private static func accumulate(
        _ xp: UnsafeBufferPointer<Double>, row i: Int, n: Int, d: Int,
        slots sp: UnsafeBufferPointer<Int32>, fitCount: Int, into ap: UnsafeMutableBufferPointer<Double>
    ) {
        if d == 3 {
            let a = xp[3 * i], b = xp[3 * i + 1], c = xp[3 * i + 2]
            for j in 0..<n {
                let u = xp[3 * j] - a, v = xp[3 * j + 1] - b, w = xp[3 * j + 2] - c
                let dist = (u * u + v * v + w * w).squareRoot()
                let base = j * fitCount
                for f in 0..<fitCount { ap[Int(sp[base + f])] += dist }
            }
            return
        }
        for j in 0..<n {
            var s = 0.0
            for t in 0..<d { let u = xp[j * d + t] - xp[i * d + t]; s += u * u }
            let dist = s.squareRoot()
            let base = j * fitCount
            for f in 0..<fitCount { ap[Int(sp[base + f])] += dist }
        }
    }

    @inline(__always)
    private static func coefficient(sums: UnsafeMutableBufferPointer<Double>, offset: Int, clusters: Int, sizes: [Int], own: Int) -> Double {
        let ownSize = sizes[offset + own]
        if ownSize <= 1 { return 0 }
        let a = sums[offset + own] / Double(ownSize - 1)
        var b = Double.infinity
        for c in 0..<clusters where c != own {
            b = min(b, sums[offset + c] / Double(sizes[offset + c]))
        }
        let denominator = max(a, b)
        if denominator == 0 || !b.isFinite { return 0 }
        return (b - a) / denominator
    }
}
