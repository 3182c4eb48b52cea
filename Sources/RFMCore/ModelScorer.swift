import Segmentation

/// One customer scored with a saved model.
public struct ScoredCustomer: Sendable, Equatable {
    public let customer: CustomerRFM
    public let score: CustomerScore
    public let segment: String
    /// 1-based cluster number, or nil when the model has no clustering.
    public let cluster: Int?
    /// The cluster's plain-language name saved in the model; nil without a clustering or in a model saved before
    /// clusters had names.
    public let clusterName: String?
    public let pc1: Double?
    public let pc2: Double?
}

/// Scores the customers of new transactions with a saved model: its score boundaries, rules and clustering.
public struct ModelScorer: Sendable {
    public let model: SavedModel

    public init(model: SavedModel) { self.model = model }

    public func score(_ rfm: RFMTable) throws -> [ScoredCustomer] {
        let rules = model.ruleSet
        let names = rules.segments.map(\.name)
        let scores = ScoredCustomers.score(rfm, boundaries: model.scoreBoundaries, rules: rules).scores
        var clusters: [Int]? = nil
        var coordinates: FeatureMatrix? = nil
        if let c = model.clustering, let pca = model.fittedPCA,
            let transform = FeatureTransform(rawValue: model.transform),
            let fitted = try model.fittedClustering()
        {
            let x = try model.fittedScaler.transform(transform.apply(rfm.featureMatrix()))
            clusters = try fitted.assign(x).map { c.clusterNumbers[$0] }
            coordinates = try pca.transform(x)
        }
        let clusterNames = clusters == nil ? nil : model.clustering?.names
        return rfm.customers.indices.map { i in
            ScoredCustomer(
                customer: rfm.customers[i], score: scores[i], segment: names[scores[i].segment],
                cluster: clusters?[i], clusterName: clusterNames.map { $0[clusters![i] - 1] },
                pc1: coordinates?[i, 0], pc2: coordinates?[i, 1])
        }
    }
}
