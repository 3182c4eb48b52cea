import RFMPrimitives

/// Out-of-sample check of a chosen model: a seeded 80/20 split, the algorithm refitted at the same k
/// on the 80%, the 20% assigned (nearest centroid for KMeans and Ward, most probable component for
/// GMM) and the silhouette of the 20% under those labels.
public struct HoldoutCheck: Sendable {
    /// Share of points held out (rounded; at least 1 and at most n − k).
    public var testFraction: Double
    /// Seed of the split and of the refit.
    public var seed: UInt64
    /// Worker threads.
    public var threads: Int
    /// Silhouette exact up to this many held-out points.
    public var exactSilhouetteLimit: Int
    /// Ward exact up to this many training points.
    public var exactWardLimit: Int
    /// EM runs per GMM refit (see `ModelSelection.gaussianMixtureInitialisations`).
    public var gaussianMixtureInitialisations: Int

    /// Creates the parameters.
    public init(
        testFraction: Double = 0.2, seed: UInt64 = 42, threads: Int = 2,
        exactSilhouetteLimit: Int = 20_000, exactWardLimit: Int = 30_000, gaussianMixtureInitialisations: Int = 3
    ) {
        self.testFraction = testFraction
        self.seed = seed
        self.threads = threads
        self.exactSilhouetteLimit = exactSilhouetteLimit
        self.exactWardLimit = exactWardLimit
        self.gaussianMixtureInitialisations = gaussianMixtureInitialisations
    }

    /// Refits `algorithm` with k clusters on the training part and scores the held-out part.
    public func run(_ x: FeatureMatrix, algorithm: ClusteringAlgorithm, k: Int) throws -> HoldoutResult {
        try x.validate(clusters: k)
        let n = x.rows
        let testCount = min(max(Int((Double(n) * testFraction).rounded()), 1), n - k)
        guard testCount >= 1 else { throw SegmentationError.fewerPointsThanClusters(points: n, clusters: k + 1) }
        var rng = SeededGenerator(seed: seed, stream: [0x484F_4C44])
        let perm = rng.permutation(n)
        let test = perm.prefix(testCount).sorted()
        let train = perm.dropFirst(testCount).sorted()
        let xTrain = x.selecting(rows: train)
        let xTest = x.selecting(rows: test)
        let model: FittedClustering
        switch algorithm {
        case .kmeans:
            model = .kmeans(
                try KMeans(k: k, initialisations: StartBudget.kmeansInitialisations(points: xTrain.rows), seed: seed)
                    .fit(xTrain, threads: threads))
        case .ward:
            let labels = try WardClustering(exactLimit: exactWardLimit).fit(xTrain).labels(k: k)
            model = .ward(centroids: ModelSelection.clusterMeans(xTrain, labels: labels, k: k), columns: x.columns)
        case .gaussianMixture:
            model = .gaussianMixture(
                try GaussianMixture(
                    k: k, seed: seed,
                    initialisations: xTrain.rows <= StartBudget.smallDataLimit
                        ? max(gaussianMixtureInitialisations, StartBudget.smallDataStarts)
                        : gaussianMixtureInitialisations
                ).fit(xTrain))
        }
        let testLabels = try model.assign(xTest)
        let silhouette = try SilhouetteScore.score(
            xTest, labels: testLabels, exactLimit: exactSilhouetteLimit,
            sampleSize: exactSilhouetteLimit, seed: seed, threads: threads)
        return HoldoutResult(
            trainIndices: train, testIndices: test, testLabels: testLabels, silhouette: silhouette, model: model)
    }
}
