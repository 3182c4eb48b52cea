import Segmentation

/// The settings of the clustering half of a run (SPEC §6).
public struct ClusteringSettings: Sendable, Equatable {
    public var transform: FeatureTransform
    public var ks: ClosedRange<Int>
    public var algorithms: [ClusteringAlgorithm]
    public var seed: UInt64
    public var threads: Int

    public init(
        transform: FeatureTransform = .log1p, ks: ClosedRange<Int> = 2...8,
        algorithms: [ClusteringAlgorithm] = ClusteringAlgorithm.allCases, seed: UInt64 = 42, threads: Int = 2
    ) {
        self.transform = transform
        self.ks = ks
        self.algorithms = algorithms
        self.seed = seed
        self.threads = threads
    }
}

/// Per-cluster statistics of the best model: plain-language name, size, mean and median R/F/M, revenue share and
/// segment mix.
public struct ClusterProfile: Sendable, Codable, Equatable {
    public let cluster: Int
    /// What the cluster's customers are like, in plain words (`ClusterNaming`), unique within the model.
    public let name: String
    public let customers: Int
    public let share: Double
    public let revenue: Double
    public let revenueShare: Double
    public let recencyMean: Double
    public let recencyMedian: Double
    public let frequencyMean: Double
    public let frequencyMedian: Double
    public let monetaryMean: Double
    public let monetaryMedian: Double
    /// Customers of each segment in this cluster, in rule order.
    public let segmentCounts: [Int]

    enum CodingKeys: String, CodingKey {
        case cluster, name, customers, share, revenue
        case revenueShare = "revenue_share"
        case recencyMean = "recency_days_mean"
        case recencyMedian = "recency_days_median"
        case frequencyMean = "frequency_mean"
        case frequencyMedian = "frequency_median"
        case monetaryMean = "monetary_mean"
        case monetaryMedian = "monetary_median"
        case segmentCounts = "segment_counts"
    }
}

/// Where a run's clusters came from.
public enum ClusteringOrigin: Sendable, Equatable {
    /// Fitted on this run's customers: every algorithm and k compared, the best by silhouette.
    case fitted
    /// A saved model applied as it was (`--model DIR`, or an archive's shared model): nothing refitted.
    case applied(source: String, trainedSnapshot: String)
}

/// The clustering half of a run: features, the model-selection grid, the best model, PCA and the holdout check.
public struct CustomerClustering: Sendable {
    public let settings: ClusteringSettings
    public let origin: ClusteringOrigin
    /// log1p (or raw) R, F, M before scaling, one row per customer.
    public let rawFeatures: FeatureMatrix
    public let scaler: FittedRobustScaler
    public let features: FeatureMatrix
    public let selection: ModelSelectionResult
    public let best: ModelFit
    /// Best-model labels renumbered so cluster 1 is the largest (ties: the smaller first centre coordinate).
    public let clusters: [Int]
    /// Old label → new cluster number (1-based).
    public let clusterNumber: [Int]
    public let pca: FittedPCA
    /// PC1 and PC2 per customer.
    public let coordinates: [(Double, Double)]
    public let holdout: HoldoutResult
    public let heldOut: [Bool]
    public let profiles: [ClusterProfile]
    /// Whether the cluster names are those saved with an applied model (else `ClusterNaming` named them here).
    public let namesFromModel: Bool
    public let pcaSeconds: Double
    /// The log1p transform and robust scaling.
    public let scalingSeconds: Double
    /// The 80/20 holdout refit and its silhouette.
    public let holdoutSeconds: Double

    /// Builds features from the RFM table and runs every step.
    public init(rfm: RFMTable, scored: ScoredCustomers, rules: SegmentRuleSet, settings: ClusteringSettings) throws {
        self.settings = settings
        origin = .fitted
        let n = rfm.customers.count
        guard n > settings.ks.upperBound else {
            throw ClusteringUnavailable(
                reason: "\(n) customers are too few to fit up to \(settings.ks.upperBound) clusters")
        }
        let raw = try rfm.featureMatrix()
        let scalingStarted = ContinuousClock.now
        rawFeatures = settings.transform.apply(raw)
        scaler = try RobustScaler().fit(rawFeatures)
        features = try scaler.transform(rawFeatures)
        scalingSeconds = (ContinuousClock.now - scalingStarted).seconds
        selection = try ModelSelection(
            ks: settings.ks, algorithms: settings.algorithms, seed: settings.seed,
            threads: settings.threads
        ).run(features)
        guard let best = selection.best else {
            throw ClusteringUnavailable(
                reason: "no fit separated the customers (they are all alike), so no clusters are reported")
        }
        self.best = best
        // Number clusters by size (largest first) so "cluster 1" means the same kind of thing from run to run.
        let k = best.k
        var sizes = [Int](repeating: 0, count: k)
        for l in best.labels { sizes[l] += 1 }
        let order = (0..<k).sorted { a, b in sizes[a] != sizes[b] ? sizes[a] > sizes[b] : a < b }
        var number = [Int](repeating: 0, count: k)
        for (rank, old) in order.enumerated() { number[old] = rank + 1 }
        clusterNumber = number
        clusters = best.labels.map { number[$0] }
        let started = ContinuousClock.now
        pca = try PCA(components: 2).fit(features)
        let projected = try pca.transform(features)
        coordinates = (0..<n).map { (projected[$0, 0], projected[$0, 1]) }
        pcaSeconds = (ContinuousClock.now - started).seconds
        let holdoutStarted = ContinuousClock.now
        holdout = try HoldoutCheck(seed: settings.seed, threads: settings.threads)
            .run(features, algorithm: best.algorithm, k: best.k)
        holdoutSeconds = (ContinuousClock.now - holdoutStarted).seconds
        heldOut = holdout.isHeldOut(points: n)
        profiles = Self.profiles(rfm: rfm, scored: scored, rules: rules, clusters: clusters, k: k, names: nil)
        namesFromModel = false
    }

    /// Applies a saved model's scaler, clustering and PCA to these customers: each customer takes the cluster
    /// the model gives it, numbered as in the model, so cluster 2 means the same thing as when it was trained.
    /// The metrics are computed on these customers; there is no model selection and no holdout refit.
    public init(
        rfm: RFMTable, scored: ScoredCustomers, rules: SegmentRuleSet, applying model: SavedModel, source: String,
        seed: UInt64 = 42, threads: Int = 2
    ) throws {
        guard let saved = model.clustering, let projection = model.fittedPCA,
            let transform = FeatureTransform(rawValue: model.transform),
            let algorithm = ClusteringAlgorithm(rawValue: saved.algorithm)
        else {
            throw ClusteringUnavailable(reason: "the model of \(source) has no clustering to apply")
        }
        let n = rfm.customers.count
        guard n >= 2 else { throw ClusteringUnavailable(reason: "\(n) customer is too few to measure clusters") }
        settings = ClusteringSettings(
            transform: transform, ks: saved.k...saved.k, algorithms: [algorithm], seed: seed, threads: threads)
        origin = .applied(source: source, trainedSnapshot: model.trainedSnapshot)
        let raw = try rfm.featureMatrix()
        let scalingStarted = ContinuousClock.now
        rawFeatures = transform.apply(raw)
        scaler = model.fittedScaler
        features = try scaler.transform(rawFeatures)
        scalingSeconds = (ContinuousClock.now - scalingStarted).seconds
        holdoutSeconds = 0
        guard let fitted = try model.fittedClustering() else {
            throw ClusteringUnavailable(reason: "the model of \(source) has no clustering to apply")
        }
        selection = try FixedModelEvaluation(seed: seed, threads: threads).evaluate(features, model: fitted)
        best = selection.fits[0]
        clusterNumber = saved.clusterNumbers
        clusters = best.labels.map { saved.clusterNumbers[$0] }
        let started = ContinuousClock.now
        pca = projection
        let projected = try pca.transform(features)
        coordinates = (0..<n).map { (projected[$0, 0], projected[$0, 1]) }
        pcaSeconds = (ContinuousClock.now - started).seconds
        holdout = .notRun(model: fitted)
        heldOut = [Bool](repeating: false, count: n)
        // The names the model was saved with, so that a cluster keeps its name; a model saved before clusters had
        // names gets them from these customers.
        profiles = Self.profiles(
            rfm: rfm, scored: scored, rules: rules, clusters: clusters, k: saved.k, names: saved.names)
        namesFromModel = saved.names?.count == saved.k
    }

    /// Whether the clusters were fitted on this run's customers.
    public var isFitted: Bool { origin == .fitted }

    /// The plain-language name of customer `i`'s cluster.
    public func clusterName(ofCustomer i: Int) -> String { profiles[clusters[i] - 1].name }

    /// Per cluster number 1...k: name, size, R/F/M means and medians, revenue share, segment mix. `names` (by
    /// cluster number) are used as given; without them each cluster is named by `ClusterNaming` from its medians.
    static func profiles(
        rfm: RFMTable, scored: ScoredCustomers, rules: SegmentRuleSet, clusters: [Int], k: Int, names: [String]?
    ) -> [ClusterProfile] {
        let n = rfm.customers.count
        let total = rfm.customers.reduce(0.0) { $0 + $1.monetary }
        var members = [[Int]](repeating: [], count: k)
        for (i, c) in clusters.enumerated() { members[c - 1].append(i) }
        // Each cluster's medians once: shown in its profile and, without saved names, what it is named from.
        let medians = members.map { rfm.medians(of: $0) }
        let named: [String]
        if let names, names.count == k {
            named = names
        } else {
            named = ClusterNaming.names(
                (0..<k).map { c in ClusterNaming.Profile(customers: members[c].count, medians: medians[c]) },
                overall: rfm.medians(of: Array(rfm.customers.indices)))
        }
        return (0..<k).map { c in
            let idx = members[c]
            let r = idx.map { Double(rfm.customers[$0].recency) }
            let f = idx.map { Double(rfm.customers[$0].frequency) }
            let m = idx.map { rfm.customers[$0].monetary }
            var mix = [Int](repeating: 0, count: rules.segments.count)
            for i in idx { mix[scored.scores[i].segment] += 1 }
            let revenue = PairwiseSum.sum(m)
            func mean(_ v: [Double]) -> Double { v.isEmpty ? 0 : PairwiseSum.sum(v) / Double(v.count) }
            return ClusterProfile(
                cluster: c + 1, name: named[c], customers: idx.count, share: Double(idx.count) / Double(n),
                revenue: revenue,
                revenueShare: total == 0 ? 0 : revenue / total, recencyMean: mean(r), recencyMedian: medians[c].recency,
                frequencyMean: mean(f), frequencyMedian: medians[c].frequency, monetaryMean: mean(m),
                monetaryMedian: medians[c].monetary, segmentCounts: mix)
        }
    }
}

extension RFMTable {
    /// The median recency, frequency and spend of some customers (by index); zeros for none.
    public func medians(of indices: [Int]) -> ClusterNaming.Medians {
        func median(_ v: [Double]) -> Double { v.isEmpty ? 0 : Quantile.linear(v.sorted(), 0.5) }
        return ClusterNaming.Medians(
            recency: median(indices.map { Double(customers[$0].recency) }),
            frequency: median(indices.map { Double(customers[$0].frequency) }),
            monetary: median(indices.map { customers[$0].monetary }))
    }

    /// Recency, frequency and monetary value, one row per customer: the features before the transform.
    public func featureMatrix() throws -> FeatureMatrix {
        try FeatureMatrix(
            rows: customers.count, columns: 3,
            values: customers.flatMap { [Double($0.recency), Double($0.frequency), $0.monetary] })
    }
}

/// Why a run has no clusters (the RFM report is still written, and says so).
public struct ClusteringUnavailable: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
