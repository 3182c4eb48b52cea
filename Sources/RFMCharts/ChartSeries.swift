/// A named list of values, one per category (grouped and stacked bars).
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    /// Creates a series.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}
