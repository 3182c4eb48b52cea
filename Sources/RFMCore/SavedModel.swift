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
        /// The plain-language name of each cluster, by cluster number (`names[0]` is cluster 1), as the report that
        /// trained the model named them (`ClusterNaming`). Absent in models saved before clusters had names.
        public let names: [String]?

        enum CodingKeys: String, CodingKey {
            case algorithm, k, centres, weights, covariances, names
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
    public init(
        tool: String, rfm: RFMTable, scored: ScoredCustomers, rules: SegmentRuleSet, clustering: CustomerClustering?
    ) throws {
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
        let names = c.profiles.map(\.name)
        switch best.model {
        case .kmeans(let model):
            self.clustering = Clustering(
                algorithm: ClusteringAlgorithm.kmeans.rawValue, k: best.k, clusterNumbers: c.clusterNumber,
                centres: model.centroids, weights: nil, covariances: nil, names: names)
        case .ward(let centroids, let columns):
            self.clustering = Clustering(
                algorithm: ClusteringAlgorithm.ward.rawValue, k: best.k, clusterNumbers: c.clusterNumber,
                centres: stride(from: 0, to: centroids.count, by: columns).map {
                    Array(centroids[$0..<($0 + columns)])
                },
                weights: nil, covariances: nil, names: names)
        case .gaussianMixture(let model):
            self.clustering = Clustering(
                algorithm: ClusteringAlgorithm.gaussianMixture.rawValue, k: best.k,
                clusterNumbers: c.clusterNumber, centres: model.means, weights: model.weights,
                covariances: model.covariances, names: names)
        }
        pca = Projection(
            mean: c.pca.mean, components: c.pca.components, explainedVarianceRatio: c.pca.explainedVarianceRatio)
    }

    /// The saved robust scaler.
    public var fittedScaler: FittedRobustScaler { FittedRobustScaler(center: scaler.center, scale: scaler.scale) }

    /// The saved projection onto two principal components; nil when the model has no clustering.
    public var fittedPCA: FittedPCA? {
        pca.map {
            FittedPCA(
                mean: $0.mean, components: $0.components, explainedVariance: [],
                explainedVarianceRatio: $0.explainedVarianceRatio)
        }
    }

    /// The saved clustering as a model that assigns new points; nil when the model has none.
    public func fittedClustering() throws -> FittedClustering? {
        guard let c = clustering, let algorithm = ClusteringAlgorithm(rawValue: c.algorithm) else { return nil }
        switch algorithm {
        case .gaussianMixture:
            return .gaussianMixture(
                GaussianMixtureModel(
                    parameters: try GaussianMixtureParameters(
                        weights: c.weights ?? [], means: c.centres.flatMap { $0 },
                        covariances: (c.covariances ?? []).flatMap { $0 }, columns: 3)))
        case .ward:
            return .ward(centroids: c.centres.flatMap { $0 }, columns: 3)
        case .kmeans:
            return .kmeans(
                KMeansModel(
                    k: c.k, columns: 3, centroidValues: c.centres.flatMap { $0 }, labels: [], inertia: 0, iterations: 0)
            )
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

    /// Limits on a model file, checked before it is parsed.
    public enum Limits {
        /// The file's size. A real model is a few kilobytes (at most about 2 MB with 100 rules of the longest texts).
        public static let bytes = 8 << 20
        /// JSON nesting (a model needs 4).
        public static let depth = 32
        /// Clusters: `rfm report --k` fits at most 50.
        public static let clusters = 50
        /// Every parameter of the scaler, clustering and projection is at most this large in magnitude, so scaling,
        /// distances and densities of real customers stay finite.
        public static let magnitude = 1e100
        /// The smallest scale: `RobustScaler` replaces an interquartile range below 10·ε by 1.
        public static let smallestScale = 10 * Double.ulpOfOne
        /// The smallest covariance diagonal (the mixture adds 1e-6 to every diagonal when it fits).
        public static let smallestVariance = 1e-9
        /// A customer id in the score boundaries, and the texts `tool` and `snapshot_rule`, in Unicode scalars.
        public static let textLength = 2_000
    }

    /// Reads and checks a model file: at most `Limits.bytes`, a regular file, JSON nested at most `Limits.depth`
    /// levels, then every field (see `check`). Any problem is a `ModelFileError` naming the field.
    public static func load(path: String) throws(ModelFileError) -> SavedModel {
        let data: Data
        do {
            data = try BoundedFileReader.read(path: path, limit: Limits.bytes)
        } catch {
            switch error {
            case .cannotOpen(let reason):
                throw ModelFileError(path: path, message: "cannot read the model file (\(reason))")
            case .readFailed(let reason):
                throw ModelFileError(path: path, message: "cannot read the model file (\(reason))")
            case .notRegularFile(let kind):
                throw ModelFileError(path: path, message: "the model file is \(kind), not a regular file")
            case .tooLarge(let limit):
                throw ModelFileError(
                    path: path,
                    message: "larger than \(BoundedFileReader.describe(bytes: limit)), the limit for a model file")
            }
        }
        return try decode(data, path: path)
    }

    /// Parses and checks the bytes of a model file (`path` names it in errors).
    public static func decode(_ data: Data, path: String) throws(ModelFileError) -> SavedModel {
        guard data.count <= Limits.bytes else {
            throw ModelFileError(
                path: path,
                message: "larger than \(BoundedFileReader.describe(bytes: Limits.bytes)), the limit for a model file")
        }
        if let line = StructureScan.json(data, depthLimit: Limits.depth).lineOverLimit {
            throw ModelFileError(path: path, message: "nested deeper than \(Limits.depth) levels (line \(line))")
        }
        let head: Head
        do {
            head = try JSONDecoder().decode(Head.self, from: data)
        } catch DecodingError.typeMismatch {
            throw ModelFileError(path: path, message: "not an rfm model: expected a JSON object")
        } catch {
            throw ModelFileError(path: path, message: "not valid JSON (a damaged or truncated file?)")
        }
        guard head.format == formatName else {
            throw ModelFileError(
                path: path, field: "format", message: "not an rfm model: expected \"format\": \"\(formatName)\"")
        }
        guard head.version == currentVersion else {
            throw ModelFileError(
                path: path, field: "version",
                message: "model version \(head.versionText) is not supported; "
                    + "this rfm reads version \(currentVersion): refit it with `rfm report`")
        }
        let model: SavedModel
        do {
            model = try JSONDecoder().decode(SavedModel.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ModelFileError(path: path, field: Self.path(context.codingPath + [key]), message: "missing")
        } catch let DecodingError.typeMismatch(type, context) {
            throw ModelFileError(
                path: path, field: Self.path(context.codingPath),
                message: "wrong type (expected \(Self.typeName(type)))")
        } catch let DecodingError.valueNotFound(type, context) {
            throw ModelFileError(
                path: path, field: Self.path(context.codingPath),
                message: "missing value (expected \(Self.typeName(type)))")
        } catch let DecodingError.dataCorrupted(context) {
            if let field = StructureScan.jsonPathOfFirstNonFiniteNumber(Array(data)) {
                throw ModelFileError(path: path, field: field, message: "not a finite number")
            }
            throw ModelFileError(
                path: path, field: Self.path(context.codingPath),
                message: "not a valid value (\(context.debugDescription.escapedForTerminal))")
        } catch {
            throw ModelFileError(path: path, message: "damaged model: \(error)")
        }
        if let problem = model.check() {
            throw ModelFileError(path: path, field: problem.path, message: problem.message)
        }
        return model
    }

    /// The two fields read first, to say "not a model" or "another version" before anything else.
    struct Head: Decodable {
        let format: String?
        let version: Int?
        let versionText: String

        enum CodingKeys: String, CodingKey { case format, version }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            format = try? c.decodeIfPresent(String.self, forKey: .format)
            version = try? c.decodeIfPresent(Int.self, forKey: .version)
            if let version {
                versionText = "\(version)"
            } else if let d = try? c.decodeIfPresent(Double.self, forKey: .version) {
                versionText = "\(d)"
            } else if let s = try? c.decodeIfPresent(String.self, forKey: .version) {
                versionText = "\"\(String(s.unicodeScalars.prefix(40)))\""
            } else {
                versionText = "none"
            }
        }
    }

    static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
            in: CharacterSet(charactersIn: "."))
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is [Any].Type: return "a list"
        default:
            return "\(type)".hasPrefix("Array") ? "a list" : "\(type)".contains("Dictionary") ? "an object" : "\(type)"
        }
    }

}

/// A model file that is missing, damaged, of another version or with a field out of its valid domain (exit status 1).
///
/// `description` is `FILE: FIELD: MESSAGE`, e.g. `model.json: clustering.centres[2][1]: not a finite number`, with
/// every non-printable character escaped (`TerminalText.escape`).
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    /// The field, as a JSON path: `scaler.scale[0]`, `rules[2].name`; empty for the file as a whole.
    public let field: String
    public let message: String

    public init(path: String, field: String = "", message: String) {
        self.path = path
        self.field = field
        self.message = message
    }

    public var description: String { TerminalText.escape("\(path): \(field.isEmpty ? "" : field + ": ")\(message)") }
}
