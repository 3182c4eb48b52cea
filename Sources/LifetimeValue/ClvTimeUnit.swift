/// The time unit the lifetime-value parameters and log-likelihood are reported in (`--clv-time-unit`). The models
/// are fitted on days and converted, so predictions do not depend on it.
public enum ClvTimeUnit: String, Sendable, Codable, CaseIterable {
    case week
    case day

    public var days: Double { self == .week ? 7 : 1 }
}
