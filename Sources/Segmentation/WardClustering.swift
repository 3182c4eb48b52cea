/// Ward agglomerative clustering as scikit-learn's `AgglomerativeClustering(linkage="ward")`,
/// with one tree built once and cut at any k.
///
/// Up to `exactLimit` points the tree is exact (the merges of scipy `linkage(X, "ward")`; time grows with
/// n², about 5 s at 30,000 points; memory linear in n). Above it the points are grouped into at most `maxMicroClusters` grid cells
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
        return WardModel(
            method: .approximate(microClusters: grid.sizes.count), dendrogram: tree, leafOfPoint: grid.assignment)
    }
}
