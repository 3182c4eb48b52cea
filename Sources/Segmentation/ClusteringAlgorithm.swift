/// The clustering algorithms compared by model selection, in tie-break order.
public enum ClusteringAlgorithm: String, Sendable, CaseIterable, Codable, Comparable {
    /// KMeans (k-means++, 10 initialisations, Lloyd).
    case kmeans
    /// Ward agglomerative clustering.
    case ward
    /// Gaussian mixture with full covariances.
    case gaussianMixture

    /// Position in the tie-break order kmeans < ward < gaussianMixture.
    public var tieBreakRank: Int {
        switch self {
        case .kmeans: return 0
        case .ward: return 1
        case .gaussianMixture: return 2
        }
    }

    /// Orders by `tieBreakRank`.
    public static func < (a: Self, b: Self) -> Bool { a.tieBreakRank < b.tieBreakRank }
}
