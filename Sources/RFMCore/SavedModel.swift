import Foundation
import Segmentation

/// `model.json`: everything needed to score new customers the way a report scored its own (SPEC §7): the feature
/// transform and scaler, the best clustering's parameters, the PCA, the score boundaries and the segment rules.
public struct SavedModel: Codable, Sendable, Equatable {
    public static let formatName = "rfm-model"
    /// Bumped when the file's meaning changes; other versions are refused.
    public static let currentVersion = 1

    public struct Scaler: Codable, Sendable, Equatable {
        public let center: [Double]
        public let scale: [Double]
    }

    public struct Clustering: Codable, Sendable, Equatable {
        /// `kmeans`, `ward` or `gaussianMixture`.
        public let algorithm: String
        public let k: Int
        /// The cluster number (1 = largest in training) of each fitted label.
        public let clusterNumbers: [Int]
        /// KMeans centroids or Ward cluster means (k rows of 3), or the mixture's means.
        public let centres: [[Double]]
        /// Gaussian mixture only: weights and full covariances (k × 3 × 3, row-major).
        public let weights: [Double]?
        public let covariances: [[Double]]?

        enum CodingKeys: String, CodingKey {
            case algorithm, k, centres, weights, covariances
            case clusterNumbers = "cluster_numbers"
        }
    }

    public struct Projection: Codable, Sendable, Equatable {
        public let mean: [Double]
        public let components: [[Double]]
        public let explainedVarianceRatio: [Double]

        enum CodingKeys: String, CodingKey {
            case mean, components
            case explainedVarianceRatio = "explained_variance_ratio"
        }
    }

    public let format: String
    public let version: Int
    public let tool: String
    /// The snapshot the model was fitted at, and how a scoring run picks its own snapshot.
    public let trainedSnapshot: String
    public let snapshotRule: String
    public let customers: Int
    public let transform: String
    public let features: [String]
    public let scaler: Scaler
    public let clustering: Clustering?
    public let pca: Projection?
    public let scoreBoundaries: ScoreBoundaries
    public let rules: [SegmentRule]
    public let fallback: SegmentRule

    enum CodingKeys: String, CodingKey {
        case format, version, tool, customers, transform, features, scaler, clustering, pca, rules, fallback
        case trainedSnapshot = "trained_snapshot"
        case snapshotRule = "snapshot_rule"
        case scoreBoundaries = "score_boundaries"
    }

    /// The model of a finished analysis.
    public init(tool: String, rfm: RFMTable, scored: ScoredCustomers, rules: SegmentRuleSet, clustering: CustomerClustering?) throws {
        format = Self.formatName
        version = Self.currentVersion
        self.tool = tool
        trainedSnapshot = rfm.snapshot.description
        snapshotRule = "the day after the last invoice of the scored data, or the day after --as-of"
        customers = rfm.customers.count
        transform = (clustering?.settings.transform ?? .log1p).rawValue
        features = ["recency_days", "frequency", "monetary"]
        scoreBoundaries = scored.cutPoints.boundaries
        self.rules = rules.rules
        fallback = rules.fallback
        guard let c = clustering else {
            scaler = Scaler(center: [], scale: [])
            self.clustering = nil
            pca = nil
            return
        }
        scaler = Scaler(center: c.scaler.center, scale: c.scaler.scale)
        let best = c.best
        switch best.model {
        case let .kmeans(model):
            self.clustering = Clustering(algorithm: ClusteringAlgorithm.kmeans.rawValue, k: best.k, clusterNumbers: c.clusterNumber,
                                         centres: model.centroids, weights: nil, covariances: nil)
        case let .ward(centroids, columns):
            self.clustering = Clustering(
                algorithm: ClusteringAlgorithm.ward.rawValue, k: best.k, clusterNumbers: c.clusterNumber,
                centres: stride(from: 0, to: centroids.count, by: columns).map { Array(centroids[$0..<($0 + columns)]) },
                weights: nil, covariances: nil)
        case let .gaussianMixture(model):
            self.clustering = Clustering(algorithm: ClusteringAlgorithm.gaussianMixture.rawValue, k: best.k,
                                         clusterNumbers: c.clusterNumber, centres: model.means, weights: model.weights,
                                         covariances: model.covariances)
        }
        pca = Projection(mean: c.pca.mean, components: c.pca.components, explainedVarianceRatio: c.pca.explainedVarianceRatio)
    }

    /// The saved robust scaler.
    public var fittedScaler: FittedRobustScaler { FittedRobustScaler(center: scaler.center, scale: scaler.scale) }

    /// The saved projection onto two principal components; nil when the model has no clustering.
    public var fittedPCA: FittedPCA? {
        pca.map { FittedPCA(mean: $0.mean, components: $0.components, explainedVariance: [], explainedVarianceRatio: $0.explainedVarianceRatio) }
    }

    /// The saved clustering as a model that assigns new points; nil when the model has none.
    public func fittedClustering() throws -> FittedClustering? {
        guard let c = clustering, let algorithm = ClusteringAlgorithm(rawValue: c.algorithm) else { return nil }
        switch algorithm {
        case .gaussianMixture:
            return .gaussianMixture(GaussianMixtureModel(parameters: try GaussianMixtureParameters(
                weights: c.weights ?? [], means: c.centres.flatMap { $0 }, covariances: (c.covariances ?? []).flatMap { $0 }, columns: 3)))
        case .ward:
            return .ward(centroids: c.centres.flatMap { $0 }, columns: 3)
        case .kmeans:
            return .kmeans(KMeansModel(k: c.k, columns: 3, centroidValues: c.centres.flatMap { $0 }, labels: [], inertia: 0, iterations: 0))
        }
    }

    /// The segment rules as a rule set.
    public var ruleSet: SegmentRuleSet { SegmentRuleSet(rules: rules, fallback: fallback) }

    /// JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads and checks a model file.
    public static func load(path: String) throws(ModelFileError) -> SavedModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(path: path, message: "cannot read the model file (no such file or no permission)")
        }
        let head: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ModelFileError(path: path, message: "not an rfm model: expected a JSON object")
            }
            head = object
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw ModelFileError(path: path, message: "not valid JSON (a damaged or truncated file?)")
        }
        guard head["format"] as? String == formatName else {
            throw ModelFileError(path: path, message: "not an rfm model: expected \"format\": \"\(formatName)\"")
        }
        guard let version = head["version"] as? Int, version == currentVersion else {
            throw ModelFileError(path: path, message: "model version \(head["version"] ?? "none") is not supported; "
                                 + "this rfm reads version \(currentVersion): refit it with `rfm report`")
        }
        do {
            let model = try JSONDecoder().decode(SavedModel.self, from: data)
            try model.validate(path: path)
            return model
        } catch let error as ModelFileError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw ModelFileError(path: path, message: "missing \(Self.path(context.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ModelFileError(path: path, message: "wrong type at \(Self.path(context.codingPath))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ModelFileError(path: path, message: "missing value at \(Self.path(context.codingPath))")
        } catch {
            throw ModelFileError(path: path, message: "damaged model: \(error)")
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    private func validate(path: String) throws(ModelFileError) {
        func fail(_ message: String) -> ModelFileError { ModelFileError(path: path, message: message) }
        guard FeatureTransform(rawValue: transform) != nil else { throw fail("transform \"\(transform)\" is not log1p or none") }
        for b in [scoreBoundaries.recency, scoreBoundaries.frequency, scoreBoundaries.monetary] where b.count != 3 {
            throw fail("score_boundaries: expected 3 boundaries per metric")
        }
        guard let c = clustering else { return }
        guard scaler.center.count == 3, scaler.scale.count == 3 else { throw fail("scaler: expected 3 centres and scales") }
        guard ClusteringAlgorithm(rawValue: c.algorithm) != nil else { throw fail("clustering.algorithm \"\(c.algorithm)\" is unknown") }
        guard c.k >= 1, c.centres.count == c.k, c.centres.allSatisfy({ $0.count == 3 }), c.clusterNumbers.count == c.k else {
            throw fail("clustering: expected k centres of 3 values and k cluster numbers")
        }
        if c.algorithm == ClusteringAlgorithm.gaussianMixture.rawValue {
            guard let w = c.weights, w.count == c.k, let cov = c.covariances, cov.count == c.k, cov.allSatisfy({ $0.count == 9 }) else {
                throw fail("clustering: a Gaussian mixture needs k weights and k covariances of 9 values")
            }
        }
        guard let p = pca, p.mean.count == 3, p.components.count == 2, p.components.allSatisfy({ $0.count == 3 }) else {
            throw fail("pca: expected a mean of 3 values and 2 components of 3 values")
        }
    }
}

/// A model file that is missing, damaged or of another version (exit status 1).
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}
