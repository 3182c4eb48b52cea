import Foundation
import RFMPrimitives

/// Gaussian mixture parameters; `fit` runs scikit-learn's `GaussianMixture(covariance_type="full",
/// n_init=1, init_params="kmeans")` EM algorithm.
///
/// Initial responsibilities are the one-hot labels of one KMeans run (k-means++, one initialisation);
/// then EM in log space with precision Cholesky factors until the mean
/// log-likelihood changes by less than `tolerance` or `maxIterations` is reached, and a final E-step
/// so the labels match the final parameters. `regularisation` is added to every covariance diagonal;
/// each component count gets 10·ε added (sklearn `_estimate_gaussian_parameters`).
public struct GaussianMixture: Sendable {
    /// Number of components.
    public var k: Int
    /// Seed of the KMeans initialisation.
    public var seed: UInt64
    /// Added to covariance diagonals (sklearn `reg_covar`).
    public var regularisation: Double
    /// Convergence threshold on the change of the mean log-likelihood (sklearn `tol`).
    public var tolerance: Double
    /// Maximum EM iterations (sklearn `max_iter`).
    public var maxIterations: Int
    /// Number of EM runs from different KMeans starts (sklearn `n_init`).
    public var initialisations: Int

    /// Creates the parameters; defaults are scikit-learn's.
    public init(
        k: Int, seed: UInt64 = 42, regularisation: Double = 1e-6, tolerance: Double = 1e-3, maxIterations: Int = 100,
        initialisations: Int = 1
    ) {
        self.k = k
        self.seed = seed
        self.regularisation = regularisation
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.initialisations = initialisations
    }

    /// Fits the mixture to the rows of `x`: one EM run per initialisation, each started from the
    /// labels of one KMeans run (stream (seed, "GMM", k, i)); the run with the highest final mean
    /// log-likelihood wins (ties: the first), as sklearn's `n_init`.
    public func fit(_ x: FeatureMatrix) throws -> GaussianMixtureModel {
        try x.validate(clusters: k)
        guard initialisations >= 1 else {
            throw SegmentationError.invalidParameter(name: "initialisations", value: "\(initialisations)")
        }
        var best: GaussianMixtureModel?
        for i in 0..<initialisations {
            let model = try fit(x, start: i)
            if let b = best, !Self.isBetter(model, than: b) { continue }
            best = model
        }
        guard let best else {
            throw SegmentationError.invalidParameter(name: "initialisations", value: "\(initialisations)")
        }
        return best
    }

    /// One EM run from start `index`: the labels of one KMeans run (k-means++, stream (seed, "GMM", k, index)).
    public func fit(_ x: FeatureMatrix, start index: Int) throws -> GaussianMixtureModel {
        try x.validate(clusters: k)
        let kmeans = KMeans(k: k, initialisations: 1, seed: seed)
        var rng = SeededGenerator(seed: seed, stream: [0x474D_4D, UInt64(k), UInt64(index)])
        let initial = KMeansPlusPlus(k: k).centres(x, using: &rng)
        let run = LloydIterations(
            k: k, maxIterations: kmeans.maxIterations,
            tolerance: kmeans.tolerance * KMeans.meanVariance(x)
        ).run(x, initialCentres: initial)
        return try fit(x, initialLabels: run.labels.map(Int.init))
    }

    /// Bayesian information criterion of a full-covariance mixture: −2·n·score + p·ln n,
    /// p = k·d(d+1)/2 + k·d + k − 1 free parameters.
    public static func bic(meanLogLikelihood: Double, points n: Int, components k: Int, columns d: Int) -> Double {
        let dd = Double(d)
        let kk = Double(k)
        let parameterCount = kk * dd * (dd + 1) / 2 + kk * dd + kk - 1
        return -2 * meanLogLikelihood * Double(n) + parameterCount * Foundation.log(Double(n))
    }

    /// Whether a run beats the current best: a strictly higher mean log-likelihood (sklearn `n_init`).
    public static func isBetter(_ a: GaussianMixtureModel, than b: GaussianMixtureModel) -> Bool {
        a.meanLogLikelihood > b.meanLogLikelihood
    }

    /// Fits the mixture starting from one-hot responsibilities of the given labels (0..<k).
    public func fit(_ x: FeatureMatrix, initialLabels: [Int]) throws -> GaussianMixtureModel {
        try x.validate(clusters: k)
        guard maxIterations >= 1 else {
            throw SegmentationError.invalidParameter(name: "maxIterations", value: "\(maxIterations)")
        }
        guard regularisation >= 0 else {
            throw SegmentationError.invalidParameter(name: "regularisation", value: "\(regularisation)")
        }
        guard initialLabels.count == x.rows else {
            throw SegmentationError.dimensionMismatch(expected: x.rows, found: initialLabels.count)
        }
        let n = x.rows
        var resp = [Double](repeating: 0, count: n * k)
        for i in 0..<n {
            guard (0..<k).contains(initialLabels[i]) else {
                throw SegmentationError.invalidParameter(name: "initialLabels", value: "\(initialLabels[i])")
            }
            resp[i * k + initialLabels[i]] = 1
        }
        var params = try mStep(x, resp: resp, normaliseByTotal: false)
        var lowerBound = -Double.infinity
        var converged = false
        var iterations = 0
        var history = [Double]()
        for iteration in 1...maxIterations {
            let previous = lowerBound
            let step = params.eStep(x)
            params = try mStep(x, resp: step.responsibilities, normaliseByTotal: true)
            lowerBound = step.meanLogLikelihood
            history.append(step.meanLogLikelihood)
            iterations = iteration
            if abs(lowerBound - previous) < tolerance {
                converged = true
                break
            }
        }
        let final = params.eStep(x, responsibilities: false)
        let bic = Self.bic(meanLogLikelihood: final.meanLogLikelihood, points: n, components: k, columns: x.columns)
        return GaussianMixtureModel(
            parameters: params, converged: converged, iterations: iterations,
            meanLogLikelihood: lowerBound, bic: bic, logLikelihoodHistory: history,
            labels: final.labels.map(Int.init))
    }

    /// M-step (sklearn `_estimate_gaussian_parameters` + `_compute_precision_cholesky`); weights are
    /// divided by n at initialisation and by their sum afterwards, as sklearn does.
    /// The M-step sums of components `first ..< first + V.scalarCount` with 3 columns, one component per lane:
    /// the same operations in the same order as the scalar loop of `mStep`, so the same values.
    @inline(__always)
    private static func threeColumnGroup<V: SIMD>(
        _: V.Type, first: Int, n: Int, k: Int,
        _ xp: UnsafeBufferPointer<Double>, _ rp: UnsafeBufferPointer<Double>,
        nk: inout [Double], means: inout [Double],
        covariances: inout [Double]
    ) where V.Scalar == Double {
        let raw = UnsafeRawPointer(rp.baseAddress!)
        let lanes = V.scalarCount
        var weight = V()
        var m0 = V()
        var m1 = V()
        var m2 = V()
        for i in 0..<n {
            let r = raw.loadUnaligned(fromByteOffset: (i &* k &+ first) &* 8, as: V.self)
            weight += r
            m0 += r * xp[3 &* i]
            m1 += r * xp[3 &* i &+ 1]
            m2 += r * xp[3 &* i &+ 2]
        }
        weight += V(repeating: 10 * Double.ulpOfOne)
        let u0 = m0 / weight
        let u1 = m1 / weight
        let u2 = m2 / weight
        var c00 = V()
        var c01 = V()
        var c02 = V()
        var c11 = V()
        var c12 = V()
        var c22 = V()
        for i in 0..<n {
            let r = raw.loadUnaligned(fromByteOffset: (i &* k &+ first) &* 8, as: V.self)
            let d0 = V(repeating: xp[3 &* i]) - u0
            let d1 = V(repeating: xp[3 &* i &+ 1]) - u1
            let d2 = V(repeating: xp[3 &* i &+ 2]) - u2
            let r0 = r * d0
            let r1 = r * d1
            c00 += r0 * d0
            c01 += r0 * d1
            c02 += r0 * d2
            c11 += r1 * d1
            c12 += r1 * d2
            c22 += r * d2 * d2
        }
        for lane in 0..<lanes {
            let c = first + lane
            means[3 * c] = u0[lane]
            means[3 * c + 1] = u1[lane]
            means[3 * c + 2] = u2[lane]
            let b = 9 * c
            covariances[b] = c00[lane]
            covariances[b + 1] = c01[lane]
            covariances[b + 2] = c02[lane]
            covariances[b + 4] = c11[lane]
            covariances[b + 5] = c12[lane]
            covariances[b + 8] = c22[lane]
            nk[c] = weight[lane]
        }
    }

    private func mStep(_ x: FeatureMatrix, resp: [Double], normaliseByTotal: Bool) throws -> GaussianMixtureParameters {
        let n = x.rows
        let d = x.columns
        var nk = [Double](repeating: 0, count: k)
        var means = [Double](repeating: 0, count: k * d)
        var covariances = [Double](repeating: 0, count: k * d * d)
        // Every sum adds the points in index order (the same values as a point-major loop), in local
        // variables. With 3 columns, the components go in groups of 4 or 2 held in the lanes of a SIMD vector:
        // a row's responsibilities for the group are adjacent, so one load feeds every lane, each lane doing
        // exactly the scalar operations of its component.
        x.values.withUnsafeBufferPointer { xp in
            resp.withUnsafeBufferPointer { rp in
                var c = 0
                while c < k {
                    if d == 3 && k - c >= 4 {
                        Self.threeColumnGroup(
                            SIMD4<Double>.self, first: c, n: n, k: k, xp, rp,
                            nk: &nk, means: &means, covariances: &covariances)
                        c += 4
                        continue
                    }
                    if d == 3 && k >= 2 {
                        // Two components, or the last one of an odd k together with the one before it again (the
                        // same values are written twice).
                        let first = k - c >= 2 ? c : k - 2
                        Self.threeColumnGroup(
                            SIMD2<Double>.self, first: first, n: n, k: k, xp, rp,
                            nk: &nk, means: &means, covariances: &covariances)
                        c = first + 2
                        continue
                    }
                    // Other column counts (and a single component): one component per pass, the same sums.
                    var weight = 0.0
                    var sums = [Double](repeating: 0, count: d)
                    for i in 0..<n {
                        let r = rp[i * k + c]
                        weight += r
                        for j in 0..<d { sums[j] += r * xp[i * d + j] }
                    }
                    weight += 10 * Double.ulpOfOne
                    for j in 0..<d { means[c * d + j] = sums[j] / weight }
                    var diff = [Double](repeating: 0, count: d)
                    var cov = [Double](repeating: 0, count: d * d)
                    for i in 0..<n {
                        let r = rp[i * k + c]
                        for j in 0..<d { diff[j] = xp[i * d + j] - means[c * d + j] }
                        for a in 0..<d {
                            let ra = r * diff[a]
                            for b in a..<d { cov[a * d + b] += ra * diff[b] }
                        }
                    }
                    for t in 0..<(d * d) { covariances[c * d * d + t] = cov[t] }
                    nk[c] = weight
                    c += 1
                }
            }
        }
        for c in 0..<k {
            let base = c * d * d
            for a in 0..<d {
                for b in a..<d {
                    let v = covariances[base + a * d + b] / nk[c]
                    covariances[base + a * d + b] = v
                    covariances[base + b * d + a] = v
                }
                covariances[base + a * d + a] += regularisation
            }
        }
        let total = normaliseByTotal ? nk.reduce(0, +) : Double(n)
        let weights = nk.map { $0 / total }
        return try GaussianMixtureParameters(weights: weights, means: means, covariances: covariances, columns: d)
    }
}
