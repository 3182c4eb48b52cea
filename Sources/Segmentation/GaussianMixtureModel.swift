/// A fitted Gaussian mixture: parameters, convergence state and training labels.
public struct GaussianMixtureModel: Sendable, Equatable, Codable {
    /// Weights, means, covariances and precision factors.
    public let parameters: GaussianMixtureParameters
    /// Whether EM stopped by tolerance rather than by the iteration limit.
    public let converged: Bool
    /// EM iterations run (sklearn `n_iter_`).
    public let iterations: Int
    /// Mean log-likelihood at the last E-step of the loop (sklearn `lower_bound_`).
    public let meanLogLikelihood: Double
    /// Bayesian information criterion with the final parameters: −2·n·score + p·ln n, p = k·d(d+1)/2 + k·d + k − 1.
    public let bic: Double
    /// Mean log-likelihood of every EM iteration, in order (non-decreasing up to rounding).
    public let logLikelihoodHistory: [Double]
    /// Most probable component of every training point under the final parameters.
    public let labels: [Int]

    /// Number of components.
    public var k: Int { parameters.components }
    /// Mixing weights.
    public var weights: [Double] { parameters.weights }
    /// Component means as k rows.
    public var means: [[Double]] {
        let d = parameters.columns
        return (0..<k).map { Array(parameters.means[($0 * d)..<(($0 + 1) * d)]) }
    }
    /// Component covariances as k d × d row-major arrays.
    public var covariances: [[Double]] {
        let dd = parameters.columns * parameters.columns
        return (0..<k).map { Array(parameters.covariances[($0 * dd)..<(($0 + 1) * dd)]) }
    }
    /// Upper-triangular precision Cholesky factors as k d × d row-major arrays.
    public var precisionCholesky: [[Double]] {
        let dd = parameters.columns * parameters.columns
        return (0..<k).map { Array(parameters.precisionCholesky[($0 * dd)..<(($0 + 1) * dd)]) }
    }

    /// The most probable component of every row (ties: lowest index).
    public func predict(_ x: FeatureMatrix) throws -> [Int] {
        try checkColumns(x)
        return parameters.eStep(x, responsibilities: false).labels.map(Int.init)
    }

    /// Posterior probabilities of the components for every row, row-major n × k.
    public func predictProbabilities(_ x: FeatureMatrix) throws -> [Double] {
        try checkColumns(x)
        return parameters.eStep(x).responsibilities
    }

    /// Mean log-likelihood of the rows (sklearn `score`).
    public func score(_ x: FeatureMatrix) throws -> Double {
        try checkColumns(x)
        return parameters.eStep(x, responsibilities: false).meanLogLikelihood
    }

    private func checkColumns(_ x: FeatureMatrix) throws {
        guard x.columns == parameters.columns else {
            throw SegmentationError.dimensionMismatch(expected: parameters.columns, found: x.columns)
        }
    }
}
