/// Errors raised when the parameters or the data cannot be clustered.
public enum SegmentationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The matrix has no rows or no columns.
    case emptyMatrix
    /// A value is NaN or infinite.
    case nonFiniteValue(row: Int, column: Int)
    /// The rows given to a matrix do not all have the same length, or the value count is not rows × columns.
    case raggedRows(expectedColumns: Int, row: Int, found: Int)
    /// The number of clusters is below 2.
    case invalidClusterCount(Int)
    /// There are fewer points than clusters asked for.
    case fewerPointsThanClusters(points: Int, clusters: Int)
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, value: String)
    /// Matrices or labels do not have matching sizes.
    case dimensionMismatch(expected: Int, found: Int)
    /// A covariance matrix is not positive definite even after regularisation.
    case illDefinedCovariance(component: Int)

    public var description: String {
        switch self {
        case .emptyMatrix:
            return "the feature matrix is empty (no rows or no columns)"
        case .nonFiniteValue(let row, let column):
            return "the value at row \(row), column \(column) is not a finite number"
        case .raggedRows(let expected, let row, let found):
            return "row \(row) has \(found) values, expected \(expected)"
        case .invalidClusterCount(let k):
            return "the number of clusters must be at least 2, got \(k)"
        case .fewerPointsThanClusters(let points, let clusters):
            return "cannot form \(clusters) clusters from \(points) points"
        case .invalidParameter(let name, let value):
            return "invalid value \(value) for parameter \(name)"
        case .dimensionMismatch(let expected, let found):
            return "size mismatch: expected \(expected), found \(found)"
        case .illDefinedCovariance(let component):
            return
                "the covariance of mixture component \(component) is not positive definite; increase the regularisation"
        }
    }
}
