/// A fitted KMeans model: centroids, the training labels and inertia.
public struct KMeansModel: Sendable, Equatable, Codable {
    /// Number of clusters asked for.
    public let k: Int
    /// Number of features.
    public let columns: Int
    /// Row-major k × d centroids.
    public let centroidValues: [Double]
    /// Cluster of every training point (0..<k).
    public let labels: [Int]
    /// Sum of squared distances of the training points to their centroid.
    public let inertia: Double
    /// Lloyd iterations run by the winning initialisation.
    public let iterations: Int

    /// Creates a model from known values.
    public init(k: Int, columns: Int, centroidValues: [Double], labels: [Int], inertia: Double, iterations: Int) {
        self.k = k
        self.columns = columns
        self.centroidValues = centroidValues
        self.labels = labels
        self.inertia = inertia
        self.iterations = iterations
    }

    /// The centroids as k rows.
    public var centroids: [[Double]] {
        (0..<k).map { Array(centroidValues[($0 * columns)..<(($0 + 1) * columns)]) }
    }

    /// Number of distinct clusters among the training labels (below k when clusters coincide).
    public var clustersFound: Int { Set(labels).count }

    /// The nearest centroid of every row (ties: lowest index).
    public func assign(_ x: FeatureMatrix) throws -> [Int] {
        guard x.columns == columns else {
            throw SegmentationError.dimensionMismatch(expected: columns, found: x.columns)
        }
        return NearestCentroid.assign(x, centres: centroidValues, k: k).labels.map(Int.init)
    }
}
