/// A dense row-major matrix of n points × d features.
public struct FeatureMatrix: Sendable, Equatable {
    /// Number of points.
    public let rows: Int
    /// Number of features.
    public let columns: Int
    /// Row-major values: element (i, j) is at `i * columns + j`.
    public private(set) var values: [Double]

    /// Creates a matrix from flat row-major values.
    public init(rows: Int, columns: Int, values: [Double]) throws {
        guard rows >= 0, columns >= 0 else { throw SegmentationError.emptyMatrix }
        guard values.count == rows * columns else {
            throw SegmentationError.dimensionMismatch(expected: rows * columns, found: values.count)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Creates a matrix from an array of equally long rows.
    public init(_ rowArrays: [[Double]]) throws {
        let d = rowArrays.first?.count ?? 0
        var flat = [Double]()
        flat.reserveCapacity(rowArrays.count * d)
        for (i, r) in rowArrays.enumerated() {
            guard r.count == d else { throw SegmentationError.raggedRows(expectedColumns: d, row: i, found: r.count) }
            flat.append(contentsOf: r)
        }
        self.rows = rowArrays.count
        self.columns = d
        self.values = flat
    }

    /// Element at row `i`, column `j`.
    public subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }

    /// The features of point `i`.
    public func row(_ i: Int) -> [Double] {
        Array(values[(i * columns)..<((i + 1) * columns)])
    }

    /// All values of feature `j`.
    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { values[$0 * columns + j] }
    }

    /// The rows as nested arrays.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// A matrix made of the given rows, in the given order.
    public func selecting(rows indices: [Int]) -> FeatureMatrix {
        var flat = [Double]()
        flat.reserveCapacity(indices.count * columns)
        for i in indices { flat.append(contentsOf: values[(i * columns)..<((i + 1) * columns)]) }
        return FeatureMatrix(uncheckedRows: indices.count, columns: columns, values: flat)
    }

    init(uncheckedRows rows: Int, columns: Int, values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Throws unless the matrix is non-empty and every value is finite.
    public func validate() throws {
        guard rows > 0, columns > 0 else { throw SegmentationError.emptyMatrix }
        for (idx, v) in values.enumerated() where !v.isFinite {
            throw SegmentationError.nonFiniteValue(row: idx / columns, column: idx % columns)
        }
    }

    /// Throws unless the matrix is valid and can be split into `k` clusters.
    public func validate(clusters k: Int) throws {
        guard k >= 2 else { throw SegmentationError.invalidClusterCount(k) }
        try validate()
        guard rows >= k else { throw SegmentationError.fewerPointsThanClusters(points: rows, clusters: k) }
    }
}
