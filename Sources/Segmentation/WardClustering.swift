/// Ward agglomerative clustering as scikit-learn's `AgglomerativeClustering(linkage="ward")`,
/// with one tree built once and cut at any k.
///
/// Up to `exactLimit` points the tree is exact (scipy `linkage(X, "ward")`; 8·n(n−1)/2 bytes, 3.6 GB
/// at 30,000 points). Above it the points are grouped into at most `maxMicroClusters` grid cells
/// (`MicroClusterGrid`), exact weighted Ward runs on the cell means with the cell counts as initial
/// sizes, and every point takes its cell's cluster: memory linear in n.
public struct WardClustering: Sendable {
    /// Largest number of points clustered exactly.
    public var exactLimit: Int
    /// Upper bound on the micro-clusters of the approximation.
    public var maxMicroClusters: Int

    /// Creates the parameters.
    public init(exactLimit: Int = 30_000, maxMicroClusters: Int = 6_000) {
        self.exactLimit = exactLimit
        self.maxMicroClusters = maxMicroClusters
    }

    /// Builds the Ward tree of the rows of `x`.
    public func fit(_ x: FeatureMatrix) throws -> WardModel {
        try x.validate()
        if x.rows <= exactLimit {
            return WardModel(method: .exact, dendrogram: WardLinkage.dendrogram(x), leafOfPoint: nil)
        }
        let grid = MicroClusterGrid(maxClusters: maxMicroClusters).build(x)
        let tree = WardLinkage.dendrogram(grid.centroids, sizes: grid.sizes)
        return WardModel(method: .approximate(microClusters: grid.sizes.count), dendrogram: tree, leafOfPoint: grid.assignment)
    }
}

/// How a Ward tree was built.
public enum WardMethod: Sendable, Equatable, CustomStringConvertible {
    /// Exact linkage over all points.
    case exact
    /// Exact weighted linkage over this many grid micro-clusters.
    case approximate(microClusters: Int)

    public var description: String {
        switch self {
        case .exact: return "exact"
        case let .approximate(m): return "approximate (\(m) micro-clusters)"
        }
    }
}

/// A fitted Ward tree over a set of points.
public struct WardModel: Sendable, Equatable {
    /// Whether the tree is exact or over micro-clusters.
    public let method: WardMethod
    /// The merge tree (over points, or over micro-clusters).
    public let dendrogram: Dendrogram
    /// The leaf of each point when leaves are micro-clusters; nil when leaves are the points.
    public let leafOfPoint: [Int32]?

    /// The cluster of every point when the tree is cut into k clusters (numbered by first point).
    public func labels(k: Int) throws -> [Int] {
        guard k >= 2 else { throw SegmentationError.invalidClusterCount(k) }
        let pointCount = leafOfPoint?.count ?? dendrogram.leafCount
        guard k <= pointCount else { throw SegmentationError.fewerPointsThanClusters(points: pointCount, clusters: k) }
        let cut = min(k, dendrogram.leafCount)
        let leafLabels = try dendrogram.labels(k: cut)
        guard let leafOfPoint else { return leafLabels }
        var renumber = [Int](repeating: -1, count: cut)
        var next = 0
        return leafOfPoint.map { leaf in
            let l = leafLabels[Int(leaf)]
            if renumber[l] < 0 { renumber[l] = next; next += 1 }
            return renumber[l]
        }
    }
}
