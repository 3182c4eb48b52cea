/// Whether a month-end has the look-back its segments need (issue 17).
///
/// At a month-end the longest possible recency is the days from the first day of the data to that snapshot (its
/// look-back). The report calls customers lapsed (recency score 1, the "Lost" and "At Risk" rows of the standard
/// rules) from a number of days on: the lowest recency of score 1 in the report's own cut points. A month-end
/// whose look-back is shorter than that has nobody who could be that long gone; its lapsed customers are lapsed
/// only because the data starts there, so its segments do not mean what the report's mean. Such a month-end is
/// marked, not hidden.
public struct LookBackRule: Sendable, Equatable {
    /// Days of data a month-end needs before its snapshot.
    public let neededDays: Int

    public init(neededDays: Int) { self.neededDays = max(1, neededDays) }

    /// The rule of a report: the lowest recency (days) that earns recency score 1 in its cut points; nil when no
    /// customer has recency score 1 (then no month-end is marked).
    public init?(cutPoints: ScoreCutPoints) {
        guard let lapsed = cutPoints.recency.first(where: { $0.score == 1 }) else { return nil }
        self.init(neededDays: Int(lapsed.min.rounded(.up)))
    }

    /// Days from the first day of the data to a snapshot: the longest recency any customer can have there.
    public static func lookBackDays(dataStart: CivilDate, snapshot: CivilDate) -> Int {
        snapshot.dayNumber - dataStart.dayNumber
    }

    /// True when a month-end with this look-back has less data before it than the rule needs.
    public func isShort(lookBackDays: Int) -> Bool { lookBackDays < neededDays }
}
