/// The parameters of a fitted clustering, enough to assign new points.
public enum FittedClustering: Sendable, Equatable, Codable {
    /// KMeans centroids and training state.
    case kmeans(KMeansModel)
    /// Ward clusters, represented by the means of their training points (row-major k × d).
    case ward(centroids: [Double], columns: Int)
    /// A Gaussian mixture.
    case gaussianMixture(GaussianMixtureModel)

    /// The cluster of every row: nearest centroid (KMeans, Ward) or most probable component (GMM).
    public func assign(_ x: FeatureMatrix) throws -> [Int] {
        switch self {
        case .kmeans(let model):
            return try model.assign(x)
        case .ward(let centroids, let columns):
            guard x.columns == columns else {
                throw SegmentationError.dimensionMismatch(expected: columns, found: x.columns)
            }
            return NearestCentroid.assign(x, centres: centroids, k: centroids.count / columns).labels.map(Int.init)
        case .gaussianMixture(let model):
            return try model.predict(x)
        }
    }
}
