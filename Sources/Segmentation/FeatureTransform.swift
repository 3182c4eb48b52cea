import Foundation

/// The element-wise transform applied to raw features before scaling.
public enum FeatureTransform: String, Sendable, CaseIterable {
    /// log(1 + x), as numpy's `log1p`.
    case log1p
    /// The identity.
    case none

    /// Applies the transform to every value.
    public func apply(_ x: FeatureMatrix) -> FeatureMatrix {
        switch self {
        case .none:
            return x
        case .log1p:
            return FeatureMatrix(
                uncheckedRows: x.rows, columns: x.columns, values: x.values.map { Foundation.log1p($0) })
        }
    }
}
