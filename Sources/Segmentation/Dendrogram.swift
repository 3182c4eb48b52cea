/// A binary merge tree over n leaves in scipy's linkage convention: merge i creates node n + i.
public struct Dendrogram: Sendable, Equatable {
    /// One merge: two node ids, the merge height and the size of the new cluster.
    public struct Merge: Sendable, Equatable {
        /// The smaller of the two merged node ids.
        public let left: Int
        /// The larger of the two merged node ids.
        public let right: Int
        /// Ward distance at which the two clusters merge.
        public let height: Double
        /// Number of points (or leaf weights) in the new cluster.
        public let size: Int
    }

    /// Number of leaves.
    public let leafCount: Int
    /// The n − 1 merges in order of non-decreasing height.
    public let merges: [Merge]

    init(leafCount: Int, merges: [Merge]) {
        self.leafCount = leafCount
        self.merges = merges
    }

    /// Sorts raw (leaf-representative) merges stably by height and relabels them into node ids,
    /// as scipy's `nn_chain` epilogue (`argsort(kind="mergesort")` then `label`).
    init(unsortedMerges raw: [(x: Int, y: Int, height: Double, size: Int)], leafCount n: Int) {
        let order = raw.indices.sorted { raw[$0].height != raw[$1].height ? raw[$0].height < raw[$1].height : $0 < $1 }
        var parent = Array(0..<(2 * n - 1))
        var nodeOf = Array(0..<n)  // union-find root (a leaf) -> current node id
        func find(_ a: Int) -> Int {
            var r = a
            while parent[r] != r { r = parent[r] }
            var c = a
            while parent[c] != r {
                let next = parent[c]
                parent[c] = r
                c = next
            }
            return r
        }
        var merges = [Merge]()
        merges.reserveCapacity(n - 1)
        for (i, o) in order.enumerated() {
            let rx = find(raw[o].x)
            let ry = find(raw[o].y)
            let a = nodeOf[rx]
            let b = nodeOf[ry]
            merges.append(Merge(left: min(a, b), right: max(a, b), height: raw[o].height, size: raw[o].size))
            parent[rx] = ry
            nodeOf[ry] = n + i
        }
        self.leafCount = n
        self.merges = merges
    }

    /// Leaf labels for k clusters: the tree without its last k − 1 merges, which is how
    /// scikit-learn's `_hc_cut` splits the highest-numbered node k − 1 times. Clusters are numbered
    /// in order of their first leaf.
    public func labels(k: Int) throws -> [Int] {
        guard k >= 1 else { throw SegmentationError.invalidClusterCount(k) }
        guard k <= leafCount else { throw SegmentationError.fewerPointsThanClusters(points: leafCount, clusters: k) }
        let n = leafCount
        var parent = [Int](repeating: -1, count: 2 * n - 1)
        for i in 0..<(n - k) {
            parent[merges[i].left] = n + i
            parent[merges[i].right] = n + i
        }
        // A parent always has a larger id than its children, so a descending pass resolves roots.
        var root = Array(0..<(2 * n - 1))
        for node in stride(from: 2 * n - 2, through: 0, by: -1) where parent[node] >= 0 {
            root[node] = root[parent[node]]
        }
        var labelOfRoot = [Int](repeating: -1, count: 2 * n - 1)
        var next = 0
        var labels = [Int](repeating: 0, count: n)
        for leaf in 0..<n {
            let r = root[leaf]
            if labelOfRoot[r] < 0 {
                labelOfRoot[r] = next
                next += 1
            }
            labels[leaf] = labelOfRoot[r]
        }
        return labels
    }
}
