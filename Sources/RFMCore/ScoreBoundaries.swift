/// The last customer of a rank bin: its metric value and id. A customer ranks after the boundary when its value
/// is larger, or equal with an id later in the customer order (the tie-break of SPEC §5).
public struct ScoreBoundary: Sendable, Codable, Equatable {
    public let value: Double
    public let customerID: String

    public init(value: Double, customerID: String) {
        self.value = value
        self.customerID = customerID
    }

    enum CodingKeys: String, CodingKey {
        case value
        case customerID = "customer_id"
    }
}

/// Saved score cut points: for each metric the boundaries of the first three rank bins. Scoring a customer of the
/// training data with them gives exactly the score its rank gave; new customers are placed by the same order.
public struct ScoreBoundaries: Sendable, Codable, Equatable {
    public let order: CustomerOrder
    public let recency: [ScoreBoundary]
    public let frequency: [ScoreBoundary]
    public let monetary: [ScoreBoundary]

    public init(order: CustomerOrder, recency: [ScoreBoundary], frequency: [ScoreBoundary], monetary: [ScoreBoundary]) {
        self.order = order
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// R, F and M scores 1-4 for one customer.
    public func scores(id: String, recency r: Int, frequency f: Int, monetary m: Double) -> (r: Int, f: Int, m: Int) {
        (5 - bin(Double(r), id, recency), bin(Double(f), id, frequency), bin(m, id, monetary))
    }

    /// 1 + the number of boundaries this (value, id) ranks after.
    private func bin(_ value: Double, _ id: String, _ boundaries: [ScoreBoundary]) -> Int {
        1 + boundaries.filter { b in value > b.value || (value == b.value && idComesAfter(id, b.customerID)) }.count
    }

    /// True when `a` comes after `b` in the customer order; ids in a numeric order that are not integers come
    /// after every integer id, as text.
    func idComesAfter(_ a: String, _ b: String) -> Bool {
        if order == .numeric {
            switch (Int64(a), Int64(b)) {
            case (let x?, let y?): return x != y ? x > y : Array(b.utf8).lexicographicallyPrecedes(a.utf8)
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): break
            }
        }
        return b.unicodeScalars.lexicographicallyPrecedes(a.unicodeScalars)
    }
}
