/// One row of the model-selection table: a fit of one algorithm at one k, with its metrics.
public struct ModelFit: Sendable, Equatable, Codable {
    /// The algorithm.
    public let algorithm: ClusteringAlgorithm
    /// Number of clusters asked for.
    public let k: Int
    /// Cluster of every point, in the model's own numbering (0..<k).
    public let labels: [Int]
    /// Points per label 0..<k (a 0 marks a cluster that ended up empty).
    public let sizes: [Int]
    /// Number of non-empty clusters (below k only in degenerate data, e.g. fewer distinct points than k).
    public let clustersFound: Int
    /// Centre of every label: KMeans centroids, Ward cluster means, GMM component means.
    public let centres: [[Double]]
    /// Mean silhouette; nil when fewer than 2 clusters were found.
    public let silhouette: Double?
    /// Exact or sampled silhouette.
    public let silhouetteMethod: SilhouetteMethod
    /// Davies-Bouldin index; nil when fewer than 2 clusters were found.
    public let daviesBouldin: Double?
    /// Calinski-Harabasz index; nil when fewer than 2 clusters were found.
    public let calinskiHarabasz: Double?
    /// KMeans inertia.
    public let inertia: Double?
    /// GMM mean log-likelihood (sklearn `lower_bound_`).
    public let meanLogLikelihood: Double?
    /// GMM Bayesian information criterion.
    public let bic: Double?
    /// GMM convergence flag.
    public let converged: Bool?
    /// Lloyd iterations (KMeans) or EM iterations (GMM).
    public let iterations: Int?
    /// Ward tree method (exact or approximate).
    public let wardMethod: WardMethod?
    /// Fitted parameters for assigning new points.
    public let model: FittedClustering
    /// Wall seconds of the fit (for Ward: the cut; the shared tree is timed in `ModelSelectionResult`).
    public let fitSeconds: Double
}
