import RFMConcurrency

/// Fits every algorithm at every k, scores each fit and picks the best (highest silhouette; ties go
/// to the smaller k, then KMeans, Ward, GMM).
///
/// Work runs on `threads` threads as fixed items (the KMeans initialisations, the Ward tree and the
/// GMM fits, silhouette row blocks, the other metrics per fit), so results are bit-identical for any
/// thread count.
public struct ModelSelection: Sendable {
    /// Cluster counts to try.
    public var ks: ClosedRange<Int>
    /// Algorithms to try.
    public var algorithms: [ClusteringAlgorithm]
    /// Seed of every random choice.
    public var seed: UInt64
    /// Worker threads.
    public var threads: Int
    /// Silhouette exact up to this many points, sampled above.
    public var exactSilhouetteLimit: Int
    /// Ward exact up to this many points, approximate above.
    public var exactWardLimit: Int
    /// EM runs per GMM fit, best kept (sklearn `n_init`; the reference uses 1, but with a different
    /// random generator a single start is a lottery between local optima: 3 starts are at least as
    /// good as sklearn's single start on the UCI data for every k).
    public var gaussianMixtureInitialisations: Int
    /// Above this many points each GMM fit uses a single start (sklearn's `n_init=1`): at 1,000,000
    /// points three starts cost ~3 × 25 s of CPU.
    public var gaussianMixtureSingleStartAbove: Int

    /// Creates the parameters.
    public init(
        ks: ClosedRange<Int> = 2...8, algorithms: [ClusteringAlgorithm] = ClusteringAlgorithm.allCases,
        seed: UInt64 = 42, threads: Int = 2, exactSilhouetteLimit: Int = 20_000, exactWardLimit: Int = 30_000,
        gaussianMixtureInitialisations: Int = 3, gaussianMixtureSingleStartAbove: Int = 200_000
    ) {
        self.ks = ks
        self.algorithms = algorithms
        self.seed = seed
        self.threads = threads
        self.exactSilhouetteLimit = exactSilhouetteLimit
        self.exactWardLimit = exactWardLimit
        self.gaussianMixtureInitialisations = gaussianMixtureInitialisations
        self.gaussianMixtureSingleStartAbove = gaussianMixtureSingleStartAbove
    }

    /// EM starts per GMM fit for n points: more on small data sets, where a start costs next to nothing and
    /// local optima are many (on the 176-customer sample 3 starts stay up to 0.25 nats/point below sklearn).
    public func gaussianMixtureStarts(points n: Int) -> Int {
        if n <= StartBudget.smallDataLimit { return max(gaussianMixtureInitialisations, StartBudget.smallDataStarts) }
        return n > gaussianMixtureSingleStartAbove ? 1 : gaussianMixtureInitialisations
    }

    /// Runs the whole grid on the rows of `x`.
    public func run(_ x: FeatureMatrix) throws -> ModelSelectionResult {
        try x.validate(clusters: ks.lowerBound)
        guard ks.upperBound <= x.rows else {
            throw SegmentationError.fewerPointsThanClusters(points: x.rows, clusters: ks.upperBound)
        }
        let ks = Array(self.ks)
        var raw = [RawFit]()

        // One pool of independent work items, the longest first so that the threads finish together: the Ward
        // tree, every GMM start (k, start) and every KMeans initialisation (k, initialisation), larger k first.
        // Each item is the same computation whatever thread runs it, and results are reduced in (k, index)
        // order below, so the outcome does not depend on the thread count or the schedule.
        var work: [Job] = algorithms.contains(.ward) ? [.ward] : []
        if algorithms.contains(.gaussianMixture) {
            let starts = gaussianMixtureStarts(points: x.rows)
            for k in ks.reversed() { for s in 0..<starts { work.append(.gmm(k: k, start: s)) } }
        }
        if algorithms.contains(.kmeans) {
            let initialisations = StartBudget.kmeansInitialisations(points: x.rows)
            for k in ks.reversed() { for i in 0..<initialisations { work.append(.kmeans(k: k, initialisation: i)) } }
        }
        let jobs = work
        let exactWardLimit = self.exactWardLimit
        let seed = self.seed
        let kmeansTolerance = KMeans(k: 1).tolerance * KMeans.meanVariance(x)
        let items: [Result<Item, SegmentationError>] = ParallelWork.map(count: jobs.count, threads: threads) { idx in
            let watch = Stopwatch()
            do {
                switch jobs[idx] {
                case .ward:
                    let tree = try WardClustering(exactLimit: exactWardLimit).fit(x)
                    return .success(.ward(tree, watch.seconds))
                case .gmm(let k, let start):
                    let model = try GaussianMixture(k: k, seed: seed).fit(x, start: start)
                    return .success(.gmm(model, watch.seconds))
                case .kmeans(let k, let initialisation):
                    let run = KMeans(k: k, seed: seed).runInitialisation(
                        x, index: initialisation, absoluteTolerance: kmeansTolerance)
                    return .success(.kmeans(k: k, run, watch.seconds))
                }
            } catch let error as SegmentationError {
                return .failure(error)
            } catch {
                return .failure(.invalidParameter(name: "fit", value: "\(error)"))
            }
        }
        var wardTree: WardModel?
        var wardTreeSeconds = 0.0
        var bestGMM = [Int: (model: GaussianMixtureModel, seconds: Double)]()
        var kmeansRuns = [Int: (runs: [LloydIterations.Outcome], seconds: Double)]()
        for item in items {
            switch try item.get() {
            case .ward(let tree, let seconds):
                wardTree = tree
                wardTreeSeconds = seconds
            case .gmm(let model, let seconds):
                // Items of one k come in start order, so ties keep the first start, as sklearn's n_init.
                if let current = bestGMM[model.k] {
                    let keep = GaussianMixture.isBetter(model, than: current.model) ? model : current.model
                    bestGMM[model.k] = (keep, current.seconds + seconds)
                } else {
                    bestGMM[model.k] = (model, seconds)
                }
            case .kmeans(let k, let run, let seconds):
                // Items of one k come in initialisation order.
                kmeansRuns[k, default: ([], 0)].runs.append(run)
                kmeansRuns[k, default: ([], 0)].seconds += seconds
            }
        }
        var kmeansSeconds = 0.0
        for k in ks {
            guard let (runs, seconds) = kmeansRuns[k] else { continue }
            let model = KMeans(k: k, seed: seed).model(bestOf: runs, columns: x.columns)
            kmeansSeconds += seconds
            raw.append(
                RawFit(
                    algorithm: .kmeans, k: k, labels: model.labels, centres: model.centroidValues,
                    model: .kmeans(model), seconds: seconds))
        }
        let gmmFits = bestGMM.keys.sorted().map { k in
            let m = bestGMM[k]!.model
            return RawFit(
                algorithm: .gaussianMixture, k: k, labels: m.labels, centres: m.parameters.means,
                model: .gaussianMixture(m), seconds: bestGMM[k]!.seconds)
        }
        if let tree = wardTree {
            for k in ks {
                let watch = Stopwatch()
                let labels = try tree.labels(k: k)
                let centres = Self.clusterMeans(x, labels: labels, k: k)
                raw.append(
                    RawFit(
                        algorithm: .ward, k: k, labels: labels, centres: centres,
                        model: .ward(centroids: centres, columns: x.columns), seconds: watch.seconds,
                        wardMethod: tree.method))
            }
        }
        raw += gmmFits
        raw.sort { ($0.k, $0.algorithm) < ($1.k, $1.algorithm) }

        let silhouetteWatch = Stopwatch()
        let batch = SilhouetteBatch(
            exactLimit: exactSilhouetteLimit, sampleSize: exactSilhouetteLimit, seed: seed, threads: threads)
        let silhouettes = try batch.scores(x, labelings: raw.map(\.labels))
        let silhouetteSeconds = silhouetteWatch.seconds

        let metricsWatch = Stopwatch()
        let fitsForMetrics = raw
        let otherMetrics: [(Double?, Double?)] = ParallelWork.map(count: raw.count, threads: threads) { i in
            let labels = fitsForMetrics[i].labels
            return (
                (try? DaviesBouldinScore.score(x, labels: labels)) ?? nil,
                (try? CalinskiHarabaszScore.score(x, labels: labels)) ?? nil
            )
        }
        let metricsSeconds = metricsWatch.seconds

        let method = batch.method(points: x.rows)
        let fits = raw.enumerated().map { i, r in
            r.modelFit(
                columns: x.columns, silhouette: silhouettes[i], method: method,
                daviesBouldin: otherMetrics[i].0, calinskiHarabasz: otherMetrics[i].1)
        }
        return ModelSelectionResult(
            fits: fits,
            timings: .init(
                kmeansSeconds: kmeansSeconds, wardTreeSeconds: wardTreeSeconds,
                gaussianMixtureSeconds: gmmFits.map(\.seconds).reduce(0, +),
                silhouetteSeconds: silhouetteSeconds, otherMetricsSeconds: metricsSeconds))
    }

    /// Row-major k × d means of the clusters (0 for an empty cluster).
    static func clusterMeans(_ x: FeatureMatrix, labels: [Int], k: Int) -> [Double] {
        let d = x.columns
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        for i in 0..<x.rows {
            counts[labels[i]] += 1
            for j in 0..<d { sums[labels[i] * d + j] += x.values[i * d + j] }
        }
        for c in 0..<k where counts[c] > 0 { for j in 0..<d { sums[c * d + j] /= Double(counts[c]) } }
        return sums
    }

    /// One work item of the fitting pool.
    private enum Job: Sendable {
        case ward
        case gmm(k: Int, start: Int)
        case kmeans(k: Int, initialisation: Int)
    }

    /// The result of a work item and its seconds.
    private enum Item: Sendable {
        case ward(WardModel, Double)
        case gmm(GaussianMixtureModel, Double)
        case kmeans(k: Int, LloydIterations.Outcome, Double)
    }
}
