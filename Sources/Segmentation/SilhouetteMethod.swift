/// How a silhouette was computed.
public enum SilhouetteMethod: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Over all points.
    case exact
    /// Mean over a seeded random sample of this many points, computed against the sample only.
    case sampled(size: Int)

    public var description: String {
        switch self {
        case .exact: return "exact"
        case .sampled(let size): return "sample \(size)"
        }
    }
}
