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
            if renumber[l] < 0 {
                renumber[l] = next
                next += 1
            }
            return renumber[l]
        }
    }
}
