/// How a Ward tree was built.
public enum WardMethod: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Exact linkage over all points.
    case exact
    /// Exact weighted linkage over this many grid micro-clusters.
    case approximate(microClusters: Int)

    public var description: String {
        switch self {
        case .exact: return "exact"
        case .approximate(let m): return "approximate (\(m) micro-clusters)"
        }
    }
}
