/// Linear or base-10 logarithmic placement of values along an axis.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; values ≤ 0 cannot be placed and are left out (and counted).
    case log10
}

/// A value axis: its title, how its numbers are written, and its scale.
public struct ValueAxis: Sendable, Equatable {
    public var title: String?
    public var format: ValueFormat
    public var scale: AxisScale
    /// Whether the range always reaches 0 (bars: yes; silhouette scores: usually no).
    public var includesZero: Bool

    /// Creates an axis description.
    public init(
        title: String? = nil, format: ValueFormat = .integer, scale: AxisScale = .linear, includesZero: Bool = true
    ) {
        self.title = title
        self.format = format
        self.scale = scale
        self.includesZero = includesZero
    }
}
