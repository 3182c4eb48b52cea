/// The model-selection table and the best fit.
public struct ModelSelectionResult: Sendable, Codable {
    /// Wall seconds per stage.
    public struct Timings: Sendable, Equatable, Codable {
        /// All KMeans fits.
        public let kmeansSeconds: Double
        /// The one Ward tree (cut at every k).
        public let wardTreeSeconds: Double
        /// All GMM fits (summed over work items).
        public let gaussianMixtureSeconds: Double
        /// The silhouette batch over all fits.
        public let silhouetteSeconds: Double
        /// Davies-Bouldin and Calinski-Harabasz of all fits.
        public let otherMetricsSeconds: Double
    }

    /// One row per (k, algorithm), ordered by k then kmeans, ward, gaussianMixture.
    public let fits: [ModelFit]
    /// Stage timings.
    public let timings: Timings

    /// The fit with the highest silhouette; ties go to the smaller k, then KMeans, Ward, GMM.
    /// Nil when no fit has a silhouette.
    public var best: ModelFit? {
        fits.filter { $0.silhouette != nil }.min { a, b in
            let sa = a.silhouette ?? -.infinity
            let sb = b.silhouette ?? -.infinity
            if sa != sb { return sa > sb }
            if a.k != b.k { return a.k < b.k }
            return a.algorithm < b.algorithm
        }
    }
}
