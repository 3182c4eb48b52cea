import RFMConcurrency
import RFMPrimitives

/// Mean silhouette coefficients of many labellings of the same points, computing every pairwise
/// distance once.
///
/// s(i) = (b − a) / max(a, b), a = mean distance to the other points of i's cluster, b = the smallest
/// mean distance to another cluster; s = 0 for a point alone in its cluster and when a = b = 0
/// (scikit-learn's `silhouette_samples`). Above `exactLimit` points the score is the mean over the
/// first `sampleSize` points of a seeded permutation, computed against that sample only.
///
/// Each distance is computed once and added once: the points are grouped into atoms (points that share their
/// cluster in every labelling, `Atoms`) and a row's sum to a cluster is the sum of its sums to that cluster's
/// atoms. Rows are split into fixed blocks of `blockRows`; the sums are added in a fixed order (points by
/// atom, atoms in order) and the per-fit means are summed in row order, so the result is bit-identical for
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
        let n = x.rows
        let d = x.columns
        let fits = try labelings.map(ClusterLabels.init)
        let fitCount = fits.count
        var offsetList = [Int]()
        var slotCount = 0
        for f in fits {
            offsetList.append(slotCount)
            slotCount += f.count
        }
        let offsets = offsetList
        let slots = slotCount
        let atoms = Atoms(fits: fits, offsets: offsets, slots: slots, points: n)
        // The points' columns in atom order, so that a row's distances to an atom are a contiguous range.
        var columnList = [Double](repeating: 0, count: n * d)
        for (q, j) in atoms.order.enumerated() { for t in 0..<d { columnList[t * n + q] = x.values[j * d + t] } }
        let columns = columnList
        let sizes = fits.flatMap(\.sizes)
        let blocks = (n + Self.blockRows - 1) / Self.blockRows
        let values = x.values
        let blockValues: [[Double]] = ParallelWork.map(count: blocks, threads: threads) { block in
            let start = block * Self.blockRows
            let end = min(n, start + Self.blockRows)
            var out = [Double](repeating: 0, count: (end - start) * fitCount)
            var distances = [Double](repeating: 0, count: n)
            var atomSums = [Double](repeating: 0, count: atoms.count)
            var acc = [Double](repeating: 0, count: slots)
            columns.withUnsafeBufferPointer { cp in
                distances.withUnsafeMutableBufferPointer { dp in
                    atomSums.withUnsafeMutableBufferPointer { sp in
                        acc.withUnsafeMutableBufferPointer { ap in
                            for i in start..<end {
                                Self.distances(from: values, row: i, d: d, columns: cp, into: dp)
                                atoms.sums(UnsafeBufferPointer(dp), into: sp)
                                atoms.slotSums(UnsafeBufferPointer(sp), into: ap)
                                for f in 0..<fitCount {
                                    out[(i - start) * fitCount + f] = Self.coefficient(
                                        sums: ap, offset: offsets[f], clusters: fits[f].count, sizes: sizes,
                                        own: fits[f].labels[i])
                                }
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

    /// The distance from row i to every point, in the column arrays' (atom) order: squared distances four points
    /// at a time (squares added in column order from 0, the same value as a point-by-point loop), then their square
    /// roots (`SquareRoots`).
    @inline(__always)
    private static func distances(
        from values: [Double], row i: Int, d: Int, columns cp: UnsafeBufferPointer<Double>,
        into dp: UnsafeMutableBufferPointer<Double>
    ) {
        let n = dp.count
        let o = UnsafeMutableRawPointer(dp.baseAddress!)
        let c = UnsafeRawPointer(cp.baseAddress!)
        let stride = n * MemoryLayout<Double>.stride
        var q = 0
        while q + 4 <= n {
            var acc = SIMD4<Double>(repeating: 0)
            for t in 0..<d {
                let u =
                    c.loadUnaligned(fromByteOffset: t * stride + q * 8, as: SIMD4<Double>.self)
                    - SIMD4(repeating: values[i * d + t])
                acc += u * u
            }
            o.storeBytes(of: acc, toByteOffset: q * 8, as: SIMD4<Double>.self)
            q += 4
        }
        while q < n {
            var s = 0.0
            for t in 0..<d {
                let u = cp[t * n + q] - values[i * d + t]
                s += u * u
            }
            dp[q] = s
            q += 1
        }
        SquareRoots.inPlace(dp)
    }

    @inline(__always)
    private static func coefficient(
        sums: UnsafeMutableBufferPointer<Double>, offset: Int, clusters: Int, sizes: [Int], own: Int
    ) -> Double {
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

/// The atoms of a set of labellings: groups of points that share their cluster in every labelling.
/// A point's distance sum to a cluster is the sum of its sums to the cluster's atoms, so each distance is
/// added once (to its atom, over a contiguous range) instead of once per labelling.
private struct Atoms: Sendable {
    /// The points in atom order (atoms numbered by first point, points by index within an atom).
    let order: [Int]
    /// Start of each atom's range in `order`, with the end as the last entry.
    let bounds: [Int]
    /// The atoms of every slot, slot after slot, each slot's atoms in increasing order.
    let atomsOfSlot: [Int32]
    /// Start of each slot's atoms in `atomsOfSlot`, with the end as the last entry.
    let slotBounds: [Int]

    var count: Int { bounds.count - 1 }

    init(fits: [ClusterLabels], offsets: [Int], slots slotCount: Int, points n: Int) {
        let fitCount = fits.count
        var atomOfKey = [[Int32]: Int]()
        var atomOfPoint = [Int](repeating: 0, count: n)
        var slotOf = [Int32]()
        var key = [Int32](repeating: 0, count: fitCount)
        for j in 0..<n {
            for f in 0..<fitCount { key[f] = Int32(offsets[f] + fits[f].labels[j]) }
            if let a = atomOfKey[key] {
                atomOfPoint[j] = a
            } else {
                atomOfPoint[j] = atomOfKey.count
                atomOfKey[key] = atomOfKey.count
                slotOf += key
            }
        }
        let atomCount = atomOfKey.count
        var bounds = [Int](repeating: 0, count: atomCount + 1)
        for a in atomOfPoint { bounds[a + 1] += 1 }
        for a in 0..<atomCount { bounds[a + 1] += bounds[a] }
        var next = bounds
        var order = [Int](repeating: 0, count: n)
        for j in 0..<n {
            order[next[atomOfPoint[j]]] = j
            next[atomOfPoint[j]] += 1
        }
        var slotBounds = [Int](repeating: 0, count: slotCount + 1)
        for slot in slotOf { slotBounds[Int(slot) + 1] += 1 }
        for slot in 0..<slotCount { slotBounds[slot + 1] += slotBounds[slot] }
        var fill = slotBounds
        var atomsOfSlot = [Int32](repeating: 0, count: slotOf.count)
        for a in 0..<atomCount {
            for f in 0..<fitCount {
                let slot = Int(slotOf[a * fitCount + f])
                atomsOfSlot[fill[slot]] = Int32(a)
                fill[slot] += 1
            }
        }
        self.order = order
        self.bounds = bounds
        self.atomsOfSlot = atomsOfSlot
        self.slotBounds = slotBounds
    }

    /// Each atom's sum of the distances (in atom order).
    @inline(__always)
    func sums(_ distances: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        bounds.withUnsafeBufferPointer { b in
            for a in 0..<(b.count - 1) {
                // Four partial sums (the additions of one would wait on each other), combined in a fixed order.
                var s0 = 0.0
                var s1 = 0.0
                var s2 = 0.0
                var s3 = 0.0
                var q = b[a]
                let end = b[a + 1]
                while q + 4 <= end {
                    s0 += distances[q]
                    s1 += distances[q + 1]
                    s2 += distances[q + 2]
                    s3 += distances[q + 3]
                    q += 4
                }
                while q < end {
                    s0 += distances[q]
                    q += 1
                }
                out[a] = (s0 + s1) + (s2 + s3)
            }
        }
    }

    /// Each slot's sum (a cluster of one labelling): the sums of its atoms, in atom order, added in a register.
    @inline(__always)
    func slotSums(_ sums: UnsafeBufferPointer<Double>, into slots: UnsafeMutableBufferPointer<Double>) {
        atomsOfSlot.withUnsafeBufferPointer { members in
            slotBounds.withUnsafeBufferPointer { bounds in
                for slot in 0..<(bounds.count - 1) {
                    var s = 0.0
                    for m in bounds[slot]..<bounds[slot + 1] { s += sums[Int(members[m])] }
                    slots[slot] = s
                }
            }
        }
    }
}
