import RFMCore
import Segmentation

/// The clustering part of `result.json`: every fit of the grid, the best, PCA, the holdout check, cluster tables.
struct ClusteringDocument: Encodable {
    struct Fit: Encodable {
        let algorithm: String
        let k: Int
        let silhouette: Double?
        let silhouette_method: String
        let davies_bouldin: Double?
        let calinski_harabasz: Double?
        let sizes: [Int]
        let clusters_found: Int
        let inertia: Double?
        let mean_log_likelihood: Double?
        let bic: Double?
        let converged: Bool?
        let iterations: Int?
        let ward_method: String?
        let best: Bool
    }
    struct Best: Encodable {
        let algorithm: String
        let k: Int
        let silhouette: Double?
        let davies_bouldin: Double?
        let calinski_harabasz: Double?
        let sizes: [Int]
    }
    struct PCAInfo: Encodable {
        let explained_variance_ratio: [Double]
        let components: [[Double]]
        let mean: [Double]
    }
    struct Holdout: Encodable {
        let test_fraction: Double
        let train_customers: Int
        let test_customers: Int
        let silhouette_holdout: Double?
        let silhouette_full: Double?
    }
    struct Scaler: Encodable {
        let center: [Double]
        let scale: [Double]
    }

    /// `fitted` (model selection on this run's customers) or `applied` (a saved model, nothing refitted).
    let origin: String
    /// The applied model's folder and the snapshot it was trained at.
    let model_source: String?
    let trained_snapshot: String?
    let transform: String
    let features: [String]
    let seed: UInt64
    let ks: [Int]
    let algorithms: [String]
    let scaler: Scaler
    let models: [Fit]
    let best: Best
    let pca: PCAInfo
    let holdout: Holdout
    let clusters: [ClusterProfile]
    /// Customers per (cluster, segment): rows are clusters 1...k, columns the segments in rule order.
    let crosswalk: [[Int]]
    let crosswalk_segments: [String]

    init(_ c: CustomerClustering, rules: SegmentRuleSet) {
        switch c.origin {
        case .fitted:
            (origin, model_source, trained_snapshot) = ("fitted", nil, nil)
        case .applied(let source, let trainedSnapshot):
            (origin, model_source, trained_snapshot) = ("applied", source, trainedSnapshot)
        }
        transform = c.settings.transform.rawValue
        features = ["recency_days", "frequency", "monetary"]
        seed = c.settings.seed
        ks = Array(c.settings.ks)
        algorithms = c.settings.algorithms.map(\.rawValue)
        scaler = Scaler(center: c.scaler.center, scale: c.scaler.scale)
        let bestFit = c.best
        models = c.selection.fits.map { f in
            Fit(
                algorithm: f.algorithm.rawValue, k: f.k, silhouette: f.silhouette,
                silhouette_method: f.silhouetteMethod.description,
                davies_bouldin: f.daviesBouldin, calinski_harabasz: f.calinskiHarabasz, sizes: f.sizes.sorted(by: >),
                clusters_found: f.clustersFound, inertia: f.inertia, mean_log_likelihood: f.meanLogLikelihood,
                bic: f.bic,
                converged: f.converged, iterations: f.iterations, ward_method: f.wardMethod?.description,
                best: f.algorithm == bestFit.algorithm && f.k == bestFit.k)
        }
        best = Best(
            algorithm: bestFit.algorithm.rawValue, k: bestFit.k, silhouette: bestFit.silhouette,
            davies_bouldin: bestFit.daviesBouldin, calinski_harabasz: bestFit.calinskiHarabasz,
            sizes: bestFit.sizes.sorted(by: >))
        pca = PCAInfo(
            explained_variance_ratio: c.pca.explainedVarianceRatio, components: c.pca.components, mean: c.pca.mean)
        holdout = Holdout(
            test_fraction: 0.2, train_customers: c.holdout.trainIndices.count,
            test_customers: c.holdout.testIndices.count, silhouette_holdout: c.holdout.silhouette,
            silhouette_full: bestFit.silhouette)
        clusters = c.profiles
        crosswalk = c.profiles.map(\.segmentCounts)
        crosswalk_segments = rules.segments.map(\.name)
    }
}

/// `timings.json`: wall seconds of every stage and fit. Kept out of `result.json` so that file stays
/// byte-identical from run to run.
struct TimingsDocument: Encodable, Sendable {
    struct FitTime: Encodable, Sendable {
        let algorithm: String
        let k: Int
        let fit_seconds: Double
    }
    /// Finer stages inside the steps (the clustering's fits and metrics), plus `read_and_clean` and `total`.
    var stages: [String: Double]
    var fits: [FitTime]
    /// Seconds of every run step, by the step's name (`read`, `clean`, `rfm`, ..., `workbook`).
    var steps: [String: Double] = [:]
}
