extension GaussianMixtureModel {
    /// A mixture restored from saved parameters (no training state), for assigning new points.
    public init(parameters: GaussianMixtureParameters) {
        self.init(
            parameters: parameters, converged: true, iterations: 0, meanLogLikelihood: .nan, bic: .nan,
            logLikelihoodHistory: [], labels: [])
    }
}
