/// One point of a scatter chart; `category` indexes `ScatterChart.categoryNames`.
public struct ScatterPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var category: Int

    /// Creates a point.
    public init(x: Double, y: Double, category: Int) {
        self.x = x
        self.y = y
        self.category = category
    }
}

/// Points coloured by category; above `maxPoints` a seeded sample is drawn and the subtitle says so.
public struct ScatterChart: Sendable {
    public var points: [ScatterPoint]
    public var categoryNames: [String]
    public var xAxis: ValueAxis
    public var yAxis: ValueAxis
    /// Opacity of each point, 0...1.
    public var pointAlpha: Double
    public var pointRadius: Double
    public var maxPoints: Int
    /// Seed of the sample, so the same chart always shows the same points.
    public var seed: UInt64
    /// What a point is, plural, for the sampling note ("20,000 of 1,000,000 customers shown").
    public var unitName: String

    /// Creates a scatter chart.
    public init(
        points: [ScatterPoint], categoryNames: [String], xAxis: ValueAxis, yAxis: ValueAxis,
        pointAlpha: Double = 0.55, pointRadius: Double = 2.5, maxPoints: Int = 20_000, seed: UInt64 = 42,
        unitName: String = "customers"
    ) {
        self.points = points
        self.categoryNames = categoryNames
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.pointAlpha = pointAlpha
        self.pointRadius = pointRadius
        self.maxPoints = maxPoints
        self.seed = seed
        self.unitName = unitName
    }
}
