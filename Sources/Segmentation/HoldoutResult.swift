/// The outcome of a holdout check.
public struct HoldoutResult: Sendable, Equatable, Codable {
    /// Rows used for the refit, ascending.
    public let trainIndices: [Int]
    /// Held-out rows, ascending.
    public let testIndices: [Int]
    /// Cluster of every held-out row, in `testIndices` order.
    public let testLabels: [Int]
    /// Silhouette of the held-out rows; nil when they fall into fewer than 2 clusters.
    public let silhouette: Double?
    /// The refitted model.
    public let model: FittedClustering

    /// Whether each of the n rows was held out.
    public func isHeldOut(points n: Int) -> [Bool] {
        var flags = [Bool](repeating: false, count: n)
        for i in testIndices { flags[i] = true }
        return flags
    }
}

extension HoldoutResult {
    /// No holdout check: a model applied as saved is not refitted, so there is nothing to hold out.
    public static func notRun(model: FittedClustering) -> HoldoutResult {
        HoldoutResult(trainIndices: [], testIndices: [], testLabels: [], silhouette: nil, model: model)
    }
}
