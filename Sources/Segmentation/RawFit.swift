/// A fit before scoring.
struct RawFit: Sendable {
    var algorithm: ClusteringAlgorithm
    var k: Int
    var labels: [Int]
    var centres: [Double]
    var model: FittedClustering
    var seconds: Double
    var wardMethod: WardMethod?

    func modelFit(
        columns d: Int, silhouette: Double?, method: SilhouetteMethod,
        daviesBouldin: Double?, calinskiHarabasz: Double?
    ) -> ModelFit {
        var sizes = [Int](repeating: 0, count: k)
        for l in labels { sizes[l] += 1 }
        var inertia: Double?
        var meanLL: Double?
        var bic: Double?
        var converged: Bool?
        var iterations: Int?
        switch model {
        case .kmeans(let m):
            inertia = m.inertia
            iterations = m.iterations
        case .gaussianMixture(let m):
            meanLL = m.meanLogLikelihood
            bic = m.bic
            converged = m.converged
            iterations = m.iterations
        case .ward:
            break
        }
        return ModelFit(
            algorithm: algorithm, k: k, labels: labels, sizes: sizes, clustersFound: sizes.filter { $0 > 0 }.count,
            centres: (0..<k).map { Array(centres[($0 * d)..<(($0 + 1) * d)]) },
            silhouette: silhouette, silhouetteMethod: method, daviesBouldin: daviesBouldin,
            calinskiHarabasz: calinskiHarabasz, inertia: inertia, meanLogLikelihood: meanLL, bic: bic,
            converged: converged, iterations: iterations, wardMethod: wardMethod, model: model, fitSeconds: seconds)
    }
}
