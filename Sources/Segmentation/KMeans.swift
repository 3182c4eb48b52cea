import RFMConcurrency
import RFMPrimitives

/// KMeans clustering parameters; `fit` runs scikit-learn's `KMeans(init="k-means++", n_init=10,
/// algorithm="lloyd")` algorithm with this package's own seeded generator.
///
/// Each initialisation i draws its k-means++ seeding from the stream (seed, k, i), so the result
/// does not depend on the number of threads. The run with the lowest inertia wins (ties: the first).
/// The absolute tolerance is `tolerance` × the mean of the per-feature variances (sklearn `_tolerance`).
public struct KMeans: Sendable {
    /// Number of clusters.
    public var k: Int
    /// Number of k-means++ initialisations (sklearn `n_init`).
    public var initialisations: Int
    /// Maximum Lloyd iterations per initialisation (sklearn `max_iter`).
    public var maxIterations: Int
    /// Relative tolerance on the squared centre shift (sklearn `tol`).
    public var tolerance: Double
    /// Seed of the random streams.
    public var seed: UInt64

    /// Creates the parameters; defaults are scikit-learn's.
    public init(
        k: Int, initialisations: Int = 10, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 42
    ) {
        self.k = k
        self.initialisations = initialisations
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
    }

    /// Fits the model, running the initialisations on up to `threads` threads.
    public func fit(_ x: FeatureMatrix, threads: Int = 1) throws -> KMeansModel {
        try x.validate(clusters: k)
        guard initialisations >= 1 else {
            throw SegmentationError.invalidParameter(name: "initialisations", value: "\(initialisations)")
        }
        guard maxIterations >= 1 else {
            throw SegmentationError.invalidParameter(name: "maxIterations", value: "\(maxIterations)")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw SegmentationError.invalidParameter(name: "tolerance", value: "\(tolerance)")
        }
        let absoluteTolerance = tolerance * Self.meanVariance(x)
        let runs = ParallelWork.map(count: initialisations, threads: threads) { i in
            self.runInitialisation(x, index: i, absoluteTolerance: absoluteTolerance)
        }
        return model(bestOf: runs, columns: x.columns)
    }

    /// The model of the run with the lowest inertia among `runs` (in initialisation order; ties: the first).
    func model(bestOf runs: [LloydIterations.Outcome], columns: Int) -> KMeansModel {
        var best = runs[0]
        for r in runs.dropFirst() where r.inertia < best.inertia { best = r }
        return KMeansModel(
            k: k, columns: columns, centroidValues: best.centres, labels: best.labels.map(Int.init),
            inertia: best.inertia, iterations: best.iterations)
    }

    /// One k-means++ seeding (stream (seed, "KM", k, index)) followed by Lloyd iterations.
    func runInitialisation(_ x: FeatureMatrix, index: Int, absoluteTolerance: Double) -> LloydIterations.Outcome {
        var rng = SeededGenerator(seed: seed, stream: [0x4B4D, UInt64(k), UInt64(index)])
        let initial = KMeansPlusPlus(k: k).centres(x, using: &rng)
        return LloydIterations(k: k, maxIterations: maxIterations, tolerance: absoluteTolerance).run(
            x, initialCentres: initial)
    }

    /// Mean over features of the population variance (numpy `np.mean(np.var(X, axis=0))`).
    static func meanVariance(_ x: FeatureMatrix) -> Double {
        let n = x.rows
        let d = x.columns
        var total = 0.0
        for j in 0..<d {
            var mean = 0.0
            for i in 0..<n { mean += x.values[i * d + j] }
            mean /= Double(n)
            var v = 0.0
            for i in 0..<n {
                let t = x.values[i * d + j] - mean
                v += t * t
            }
            total += v / Double(n)
        }
        return total / Double(d)
    }
}
