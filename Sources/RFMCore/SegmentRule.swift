/// An inclusive range of scores 1...4.
public struct ScoreRange: Sendable, Equatable, Codable, CustomStringConvertible {
    public let low: Int
    public let high: Int

    public init(_ low: Int, _ high: Int) {
        self.low = low
        self.high = high
    }

    public func contains(_ score: Int) -> Bool { score >= low && score <= high }

    /// `4`, `3-4`, or `any` for 1-4.
    public var description: String { low == high ? "\(low)" : (low == 1 && high == 4 ? "any" : "\(low)-\(high)") }
}

/// A named segment: who matches (bounds on R, F and M, inclusive), what it means and what to do.
public struct SegmentRule: Sendable, Equatable, Codable {
    public let name: String
    public let r: ScoreRange
    public let f: ScoreRange
    public let m: ScoreRange
    public let description: String
    public let strategy: String
    /// `#RRGGBB`, or nil to take the theme palette's colour.
    public let colour: String?

    public init(
        name: String, r: ScoreRange, f: ScoreRange, m: ScoreRange, description: String, strategy: String,
        colour: String? = nil
    ) {
        self.name = name
        self.r = r
        self.f = f
        self.m = m
        self.description = description
        self.strategy = strategy
        self.colour = colour
    }

    public func matches(r: Int, f: Int, m: Int) -> Bool {
        self.r.contains(r) && self.f.contains(f) && self.m.contains(m)
    }
}
