/// Scores a model fitted elsewhere (a saved model) on new points, with the metrics of a model-selection fit:
/// every point is assigned (nearest centre, or most probable component), then silhouette, Davies-Bouldin and
/// Calinski-Harabasz are computed on this data, with KMeans inertia or the mixture's mean log-likelihood and BIC
/// of these points. Nothing is refitted, so the clusters mean what they meant when the model was trained.
public struct FixedModelEvaluation: Sendable {
    /// Silhouette exact up to this many points, sampled above (as `ModelSelection`).
    public var exactSilhouetteLimit: Int
    /// Seed of the silhouette sample.
    public var seed: UInt64
    /// Worker threads.
    public var threads: Int

    public init(exactSilhouetteLimit: Int = 20_000, seed: UInt64 = 42, threads: Int = 2) {
        self.exactSilhouetteLimit = exactSilhouetteLimit
        self.seed = seed
        self.threads = threads
    }

    /// A one-row selection result holding the applied model and its metrics on `x`.
    public func evaluate(_ x: FeatureMatrix, model: FittedClustering) throws -> ModelSelectionResult {
        try x.validate()
        let watch = Stopwatch()
        let d = x.columns
        let labels: [Int]
        let algorithm: ClusteringAlgorithm
        let centres: [Double]
        var applied = model
        switch model {
        case .kmeans(let m):
            algorithm = .kmeans
            centres = m.centroidValues
            guard d == m.columns else { throw SegmentationError.dimensionMismatch(expected: m.columns, found: d) }
            // Labels and squared distances in one pass.
            let nearest = NearestCentroid.assign(x, centres: centres, k: m.k)
            labels = nearest.labels.map(Int.init)
            applied = .kmeans(
                KMeansModel(
                    k: m.k, columns: d, centroidValues: centres, labels: labels,
                    inertia: nearest.distances.reduce(0, +), iterations: 0))
        case .ward(let centroids, _):
            algorithm = .ward
            centres = centroids
            labels = try model.assign(x)
        case .gaussianMixture(let m):
            algorithm = .gaussianMixture
            centres = m.parameters.means
            guard d == m.parameters.columns else {
                throw SegmentationError.dimensionMismatch(expected: m.parameters.columns, found: d)
            }
            let step = m.parameters.eStep(x, responsibilities: false)  // labels and the mean log-likelihood in one pass
            labels = step.labels.map(Int.init)
            let score = step.meanLogLikelihood
            applied = .gaussianMixture(
                GaussianMixtureModel(
                    parameters: m.parameters, converged: true, iterations: 0, meanLogLikelihood: score,
                    bic: GaussianMixture.bic(meanLogLikelihood: score, points: x.rows, components: m.k, columns: d),
                    logLikelihoodHistory: [], labels: labels))
        }
        let k = centres.count / d
        let seconds = watch.seconds
        let silhouetteWatch = Stopwatch()
        let batch = SilhouetteBatch(
            exactLimit: exactSilhouetteLimit, sampleSize: exactSilhouetteLimit, seed: seed, threads: threads)
        let silhouette = try batch.scores(x, labelings: [labels])[0]
        let silhouetteSeconds = silhouetteWatch.seconds
        let metricsWatch = Stopwatch()
        let daviesBouldin = (try? DaviesBouldinScore.score(x, labels: labels)) ?? nil
        let calinskiHarabasz = (try? CalinskiHarabaszScore.score(x, labels: labels)) ?? nil
        let raw = RawFit(algorithm: algorithm, k: k, labels: labels, centres: centres, model: applied, seconds: seconds)
        return ModelSelectionResult(
            fits: [
                raw.modelFit(
                    columns: d, silhouette: silhouette, method: batch.method(points: x.rows),
                    daviesBouldin: daviesBouldin, calinskiHarabasz: calinskiHarabasz)
            ],
            timings: .init(
                kmeansSeconds: algorithm == .kmeans ? seconds : 0, wardTreeSeconds: algorithm == .ward ? seconds : 0,
                gaussianMixtureSeconds: algorithm == .gaussianMixture ? seconds : 0,
                silhouetteSeconds: silhouetteSeconds, otherMetricsSeconds: metricsWatch.seconds))
    }
}
