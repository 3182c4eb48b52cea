/// What the lifetime-value models read per customer (columns, one entry per customer): x, the repeat purchases
/// (distinct purchase days minus one); t_x, the time from the first to the last purchase; T, the time from the first
/// purchase to the end of the observation; and the mean spend of the repeat purchases (0 when x = 0). Times are in
/// one unit, the caller's (days in a report).
public struct RepeatPurchases: Sendable, Equatable {
    public var repeats: [Int]
    public var lastRepeat: [Double]
    public var age: [Double]
    public var meanRepeatSpend: [Double]

    public init(repeats: [Int], lastRepeat: [Double], age: [Double], meanRepeatSpend: [Double]) {
        precondition(
            repeats.count == lastRepeat.count && repeats.count == age.count && repeats.count == meanRepeatSpend.count)
        self.repeats = repeats
        self.lastRepeat = lastRepeat
        self.age = age
        self.meanRepeatSpend = meanRepeatSpend
    }

    public var count: Int { repeats.count }
}
